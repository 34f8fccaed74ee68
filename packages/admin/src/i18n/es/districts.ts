export default {
  fields: {
    name: 'Nombre',
    slug: 'Nombre corto',
    timezone: 'Zona horaria',
    year_starts_in: 'El año escolar empieza en',
    year_starts: 'Inicio del año escolar',
    status: 'Estado',
    provisioned: 'Creado',
    given_name: 'Nombre',
    family_name: 'Apellido',
  },
  list: {
    search: 'Buscar por nombre',
    any_status: 'Cualquier estado',
    empty: 'Todavía no hay distritos',
    empty_help:
      'Cree un distrito con su primer administrador/a del distrito; esa persona configura sus escuelas y su personal.',
  },
  form: {
    slug_help: 'Letras minúsculas, dígitos y guiones; si lo deja vacío, se genera a partir del nombre',
    timezone_help: 'Las fechas límite y los días de las sesiones se cuentan en esta zona',
    password_help: 'Al menos %{min} caracteres; compártala con esa persona de forma privada',
  },
  create: {
    title: 'Crear un distrito',
    done: '%{name} está listo. Su primer administrador/a puede iniciar sesión como %{email}.',
    first_admin: 'Primer administrador/a del distrito',
    first_admin_help:
      'Inicia sesión con este correo electrónico y esta contraseña, y luego agrega las escuelas y el personal del distrito.',
  },
  edit: {
    title_of: 'Distrito: %{name}',
    suspended:
      'Este distrito está suspendido: nadie en él puede iniciar sesión. Cámbielo a Activo para que puedan volver a entrar.',
    will_suspend:
      'Al guardar se suspenderá este distrito: todas las sesiones abiertas terminan y nadie en él podrá iniciar sesión hasta que vuelva a estar activo. Sus registros se conservan.',
  },
};
