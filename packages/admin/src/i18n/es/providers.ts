export default {
  auth: {
    rate_limited: 'Demasiados intentos; inténtelo más tarde',
    wrong_password: 'El correo electrónico o la contraseña no son correctos',
    sign_in: 'Inicie sesión para continuar',
    ended: 'Su sesión terminó',
  },
  data: {
    bad_answer: 'El servidor respondió %{status}',
    not_found: 'No encontrado',
    no_create: 'Esto no se puede crear aquí',
    no_update: 'Esto no se puede modificar aquí',
    one_update: 'Modifique los registros de uno en uno',
    no_delete: 'Aquí los registros se retiran, no se eliminan',
    one_delete: 'Elimine los registros de uno en uno',
  },
};
