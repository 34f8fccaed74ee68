export default {
  fields: {
    description: 'Descripción',
    owner: 'Responsable',
    due: 'Vence',
    practice_change: 'Cambio en la práctica',
    from: 'Origen',
  },
  list: {
    status: 'Estado',
    any_status: 'Cualquier estado',
    empty: 'Ninguna acción coincide con estos filtros.',
    empty_help:
      'Las acciones se acuerdan en una sesión y se registran cuando esta se marca como realizada. Pruebe con “Mi equipo” o con otro estado.',
    due_status: 'Vence el %{due} · %{status}',
  },
  quick: {
    whose: 'De quién son las acciones',
    mine: 'Mías',
    team: 'Mi equipo',
    overdue: 'Solo vencidas',
  },
  show: {
    hidden: 'No se muestra: está fuera del límite de confidencialidad de la conversación, o no se registró nada.',
    none: 'No se registró nada.',
    self_reported: 'Evidencia del cambio en la práctica (autodeclarada)',
    corroborated_by: 'Corroborado por',
    sustained_by: 'Confirmado como sostenido por',
    check: '%{who}, %{day} (%{kind})',
    someone: 'Alguien',
    move_it: 'Cambiar el estado',
  },
  bulk: {
    assign: 'Asignar responsable',
    assigned: '%{smart_count} acción ahora a cargo de %{name} |||| %{smart_count} acciones ahora a cargo de %{name}',
    assign_title:
      'Asignar un responsable a %{smart_count} acción |||| Asignar un responsable a %{smart_count} acciones',
    owner: 'Nuevo responsable',
    assign_submit: 'Asignar',
  },
};
