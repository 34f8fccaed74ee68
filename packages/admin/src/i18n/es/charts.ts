export default {
  export_csv: 'Exportar CSV',
  table: {
    show: 'Ver como tabla',
    funnel: 'El embudo, etapa por etapa',
    stage: 'Etapa',
    value: 'Valor',
    detail: 'Detalle',
    trend: 'Sesiones y tasas por período',
    period: 'Período',
    usage: 'Solicitudes por día (UTC)',
    day: 'Día',
  },
  reach: {
    nobody: 'todavía no hay nadie invitado a una sesión vencida',
    detail: 'participaron %{reached} de %{smart_count} invitados',
  },
  stages: {
    planned: {
      label: 'Planificadas',
      detail_cancelled: '%{due} vencidas · %{cancelled} canceladas',
      detail: '%{smart_count} sesión vencida |||| %{smart_count} sesiones vencidas',
      explain: 'Sesiones programadas en el período cuya fecha ya pasó y que no se cancelaron.',
    },
    held: {
      label: 'Realizadas',
      detail: '%{held} de %{due} realizadas · %{missed} no realizadas',
      empty: 'todavía no vence ninguna',
      explain: 'Tasa de realización: las sesiones vencidas que de verdad se llevaron a cabo.',
    },
    good: {
      label: 'De calidad',
      empty:
        'todavía no hay sesiones publicadas (cada una necesita %{raters} evaluadores y el período de evaluación cerrado)',
      detail: '%{sessions} de %{held} evaluadas · %{raters} evaluadores',
      explain:
        'Calidad: el promedio de los promedios por sesión (1-4) de las sesiones realizadas cuyo período de evaluación cerró con al menos %{raters} evaluadores además del facilitador/a; las demás sesiones no cuentan.',
    },
    acted: {
      label: 'Con acciones',
      detail: '%{acted} de %{held} realizadas con acciones',
      empty: 'todavía no hay sesiones realizadas',
      explain: 'Tasa de acción: sesiones realizadas que generaron al menos una acción.',
    },
    followed: {
      label: 'Cumplidas',
      detail: '%{on_time} de %{due} vencidas, hechas a tiempo',
      empty: 'todavía no vence ninguna acción',
      explain: 'Cumplimiento: acciones que vencían en el período y se hicieron antes de su fecha límite.',
    },
    changed: {
      label: 'Práctica cambiada',
      detail: '%{changed} de %{done} hechas con cambio',
      empty: 'todavía no hay acciones hechas',
      explain: 'Tasa de cambio en la práctica: acciones hechas con evidencia registrada de un cambio en la práctica.',
    },
  },
  funnel: {
    summary: 'Embudo. %{summary}',
    targets: 'Cada fila se mide por separado; la marca punteada indica dónde el distrito la considera en buen camino.',
  },
  health: {
    ON_TRACK: {
      label: 'En buen camino',
      why: 'Cada tasa medida (realización, calidad, cumplimiento) alcanza la marca de buen camino del distrito.',
    },
    AT_RISK: {
      label: 'En riesgo',
      why: 'La realización, la calidad o el cumplimiento está por debajo de la marca de buen camino, ninguna por debajo de la de riesgo.',
    },
    OFF_TRACK: {
      label: 'Fuera de rumbo',
      why: 'Al menos una de realización, calidad o cumplimiento está por debajo de la marca de riesgo.',
    },
    NOT_ENOUGH_DATA: {
      label: 'Datos insuficientes',
      why: 'Todavía no hay nada en este período para medir la realización, la calidad o el cumplimiento.',
    },
  },
  cohort: {
    title: 'Las sesiones vencidas del período, etapa por etapa',
    explain:
      'Un mismo grupo de sesiones seguido hasta el final: cada etapa cuenta las de la etapa anterior que llegaron hasta ahí.',
    empty: 'Todavía no ha vencido ninguna sesión en este período.',
    sessions: '%{smart_count} sesión |||| %{smart_count} sesiones',
    share: '%{sessions}, %{rate} de la etapa anterior',
    valuetext: '%{share}; %{rate} de las sesiones vencidas',
    due: 'vencidas',
    of_previous: '%{rate} de la anterior',
    quality_unknown:
      '%{smart_count} sesión realizada aún en evaluación o con muy pocos evaluadores: todavía no puede contar como de calidad. |||| %{smart_count} sesiones realizadas aún en evaluación o con muy pocos evaluadores: todavía no pueden contar como de calidad.',
    stages: {
      DUE: { label: 'Vencidas', explain: 'sesiones del período cuya fecha ya pasó' },
      HELD: { label: 'Realizadas', explain: 'sesiones vencidas que se realizaron' },
      GOOD: {
        label: 'De calidad',
        explain: 'sesiones realizadas con una calificación igual o superior a la calidad de buen camino del distrito',
      },
      ACTED_ON: { label: 'Con acciones', explain: 'sesiones de calidad de las que salió al menos una acción' },
      FOLLOWED_THROUGH: {
        label: 'Cumplidas',
        explain: 'sesiones con acciones en las que una acción se hizo antes de su fecha límite original',
      },
      CHANGE_CORROBORATED: {
        label: 'Cambio corroborado',
        explain: 'sesiones cumplidas cuyo cambio en la práctica corroboró una segunda persona',
      },
      CHANGE_SUSTAINED: {
        label: 'Cambio sostenido',
        explain: 'sesiones corroboradas cuyo cambio se volvió a verificar como sostenido',
      },
    },
  },
  trend: {
    empty: 'Ninguna sesión venció en este período, así que todavía no hay tendencia.',
    sessions: 'sesiones',
    week_of: 'Semana del %{week}',
    due: 'Vencidas',
    held: 'Realizadas',
    held_rate: 'Tasa de realización',
    action_rate: 'Tasa de acción',
    quality: 'Calidad (1-4)',
  },
  usage: {
    answered: 'Respondidas',
    errors: 'Errores',
    refused: 'Rechazadas (429)',
  },
};
