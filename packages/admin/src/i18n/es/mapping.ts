export default {
  grid: {
    no_access: 'Usted no tiene acceso a las estrategias.',
    title: 'Las estrategias y las conversaciones de las que dependen',
    help_manage:
      'Haga clic en una celda vacía para mapear una conversación a una estrategia e indicar qué debería cambiar; haga clic en una celda mapeada para modificarla o quitar el mapeo.',
    help_read: 'Cada celda mapeada muestra lo que se espera que la conversación cambie para la estrategia.',
    legend: 'Debería cambiar una:',
    truncated: 'Se muestran las primeras %{limit} estrategias y conversaciones.',
    no_strategies:
      'Todavía no hay estrategias aquí. Agregue una en Estrategias y vuelva para mapear sus conversaciones.',
    no_conversations:
      'Todavía no hay conversaciones de aprendizaje planificadas aquí. Planifique una en Conversaciones y luego mapéela.',
  },
  table: {
    corner: 'Estrategia ↓ · Conversación →',
    district: 'distrito',
    map_label: 'Mapear %{conversation} a %{strategy}',
    map_tooltip: 'Mapear esta conversación a la estrategia',
  },
  scope: {
    label: 'Estrategias de',
    district: 'El distrito (todo el distrito)',
  },
  dialog: {
    title_read: 'Lo que esta conversación debería cambiar',
    title_change: 'Modificar el mapeo',
    title_map: 'Mapear esta conversación',
    depends: '%{strategy} depende de %{conversation} (%{cadence}).',
    dimension: 'Debería cambiar una…',
    dimension_required: 'Elija lo que debería cambiar',
    expected: 'Cambio esperado',
    expected_help: 'Una oración: qué debería ser diferente gracias a esta conversación',
    change_required: 'Diga en una oración qué debería cambiar',
    updated: 'Mapeo actualizado',
    mapped: 'Conversación mapeada',
    unmapped: 'Mapeo de la conversación quitado',
    unmap: 'Quitar el mapeo',
    map: 'Mapear',
  },
};
