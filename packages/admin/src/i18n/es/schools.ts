export default {
  fields: {
    name: 'Nombre',
    code: 'Código',
    grades: 'Grados',
    lowest: 'Grado más bajo',
    highest: 'Grado más alto',
    status: 'Estado',
    added: 'Agregada',
  },
  status: { ACTIVE: 'Activa', CLOSED: 'Cerrada' },
  grades: { pk: 'PK (prekínder)', k: 'K (kínder)', n: 'Grado %{grade}' },
  list: {
    search: 'Nombre o código',
    any_status: 'Cualquier estado',
    empty: 'Todavía no hay escuelas',
    empty_create:
      'Agregue las escuelas del distrito: los roles del personal, las estrategias y las conversaciones de aprendizaje pertenecen cada uno a una escuela.',
    empty_none:
      'Todavía no tiene ninguna escuela asignada. Un administrador/a del distrito puede agregar una o darle un rol en una escuela.',
  },
  form: {
    grades_backwards: 'El grado más alto no puede ser inferior al más bajo',
    code_help: 'El código de la escuela en el sistema de matrícula; único en el distrito',
    not_set: 'Sin definir',
    status_help:
      'Cerrarla cancela sus próximas sesiones y detiene sus conversaciones; su historial se conserva. Una escuela cerrada no recibe trabajo nuevo.',
  },
  create: { title: 'Agregar una escuela' },
  edit: { title_of: 'Escuela: %{name}' },
};
