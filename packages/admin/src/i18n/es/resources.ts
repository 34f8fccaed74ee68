/** en/resources.ts in Spanish (same keys). */
const saved = (name: string, created: string, updated: string, deleted = 'Eliminado') => ({
  name,
  notifications: { created, updated, deleted },
});

export default {
  districts: saved('Distrito |||| Distritos', 'Distrito creado', 'Distrito guardado'),
  schools: saved('Escuela |||| Escuelas', 'Escuela agregada', 'Escuela guardada'),
  staff: saved('Miembro del personal |||| Personal', 'Miembro del personal agregado', 'Miembro del personal guardado'),
  strategies: saved('Estrategia |||| Estrategias', 'Estrategia creada', 'Estrategia guardada'),
  conversations: saved(
    'Conversación |||| Conversaciones',
    'Conversación planificada y sus sesiones programadas',
    'Conversación guardada',
  ),
  sessions: saved('Sesión |||| Sesiones', 'Sesión agregada', 'Sesión guardada'),
  actions: { ...saved('Acción |||| Acciones', 'Acción agregada', 'Acción guardada'), page: { show: 'Acción' } },
  apiClients: saved(
    'Cliente de la API |||| Clientes de la API',
    'Cliente de la API creado',
    'Cliente de la API guardado',
  ),
  norms: saved('Norma |||| Normas', 'Norma agregada', 'Norma guardada', 'Norma retirada'),
  rubricCriteria: saved(
    'Criterio de la rúbrica |||| Rúbrica',
    'Criterio agregado',
    'Criterio guardado',
    'Criterio retirado',
  ),
  questionBankItems: saved(
    'Pregunta |||| Banco de preguntas',
    'Pregunta agregada',
    'Pregunta guardada',
    'Pregunta retirada',
  ),
  reflectionPrompts: saved(
    'Pregunta de reflexión |||| Preguntas de reflexión',
    'Pregunta agregada',
    'Pregunta guardada',
    'Pregunta retirada',
  ),
  skills: saved('Habilidad |||| Habilidades', 'Habilidad agregada', 'Habilidad guardada', 'Habilidad retirada'),
  auditEvents: { name: 'Evento de auditoría |||| Registro de auditoría' },
  roleAssignments: { name: 'Rol |||| Roles' },
};
