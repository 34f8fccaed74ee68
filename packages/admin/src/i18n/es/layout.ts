export default {
  menu: {
    mapping: 'Mapeo',
  },
  language: {
    button: 'Idioma: %{language}. Elegir otro',
    not_saved: 'No se pudo guardar su idioma en su perfil; por ahora solo se aplica en este navegador.',
  },
  login: {
    sso: 'Inicio de sesión único',
    sign_in_with: 'Iniciar sesión con %{name}',
    sso_only: 'Su distrito usa el inicio de sesión único',
    or_password: 'o con su contraseña',
    sso_failed: 'No se pudo iniciar sesión. Inténtelo de nuevo.',
    sso_errors: {
      UNKNOWN_PROVIDER: 'Esa opción de inicio de sesión ya no está disponible.',
      PROVIDER_MISCONFIGURED:
        'El inicio de sesión único no está bien configurado para su distrito; avise al administrador/a del distrito.',
      PROVIDER_UNAVAILABLE:
        'No se pudo contactar a su proveedor de inicio de sesión. Inténtelo en unos minutos o inicie sesión con su contraseña.',
      PROVIDER_ERROR: 'Su proveedor de inicio de sesión rechazó el acceso. Inténtelo de nuevo.',
      STATE_MISMATCH: 'El inicio de sesión venció o se inició en otra ventana. Empiece de nuevo desde esta página.',
      EXPIRED: 'El inicio de sesión tardó demasiado. Empiece de nuevo desde esta página.',
      ID_TOKEN_INVALID:
        'No se pudo confiar en la respuesta de su proveedor de inicio de sesión. Inténtelo de nuevo o avise al administrador/a del distrito.',
      EMAIL_MISSING: 'Su proveedor de inicio de sesión no compartió su correo electrónico.',
      EMAIL_UNVERIFIED: 'Su proveedor de inicio de sesión no ha verificado su correo electrónico.',
      DOMAIN_NOT_ALLOWED: 'Su correo electrónico no es uno con el que su distrito inicia sesión aquí.',
      UNKNOWN_PERSON:
        'No hay una cuenta de Throughline para usted en este distrito. Pida al administrador/a del distrito que lo/la agregue.',
      ACCOUNT_PENDING: 'Su cuenta fue creada y espera que el administrador/a del distrito la active.',
      STAFF_INACTIVE: 'Su cuenta de Throughline está inactiva. Consulte al administrador/a del distrito.',
      IDENTITY_CONFLICT:
        'Su cuenta de Throughline está vinculada a otra cuenta de este proveedor. Consulte al administrador/a del distrito.',
      RATE_LIMITED: 'Demasiados intentos; inténtelo más tarde.',
      UNAVAILABLE: 'Throughline no pudo completar el inicio de sesión en este momento. Inténtelo en unos minutos.',
    },
  },
};
