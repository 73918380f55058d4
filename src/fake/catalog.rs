//! The fixed cast of one synthetic operation: routing points, skills, agents and
//! disposition codes, all chosen by the seed so every run of a seed agrees.

use super::rng::{Rng, cumulative, derive};

/// Routing points an operation may have; the first is always present and is the entry.
const ROUTING_POINTS: [(&str, Kind); 16] = [
    ("RP_MENU_PRINCIPAL", Kind::Entry),
    ("RP_FACTURACION", Kind::Service),
    ("RP_SOPORTE_TECNICO", Kind::Service),
    ("RP_VENTAS", Kind::Service),
    ("RP_CONSULTA_SALDO", Kind::SelfService),
    ("RP_PAGOS", Kind::Service),
    ("RP_RECLAMOS", Kind::Service),
    ("RP_CANCELACIONES", Kind::Service),
    ("RP_AUTOGESTION", Kind::SelfService),
    ("RP_PORTABILIDAD", Kind::Service),
    ("RP_EMPRESAS", Kind::Service),
    ("RP_VALIDACION_CLIENTE", Kind::Service),
    ("RP_ROAMING", Kind::Service),
    ("RP_TRAMITES", Kind::Service),
    ("RP_FUERA_HORARIO", Kind::SelfService),
    ("RP_ENCUESTA", Kind::SelfService),
];

const SKILLS: [&str; 8] = [
    "SK_SERVICIO_CLIENTE",
    "SK_FACTURACION",
    "SK_SOPORTE",
    "SK_VENTAS",
    "SK_COBRANZA",
    "SK_RETENCION",
    "SK_EMPRESAS",
    "SK_PREFERENCIAL",
];

const FIRST_NAMES: [&str; 32] = [
    "María",
    "José",
    "Juan Carlos",
    "Ana María",
    "Luis",
    "Carlos",
    "Andrés",
    "Diana",
    "Paola",
    "Camila",
    "Valentina",
    "Santiago",
    "Alejandro",
    "Natalia",
    "Daniela",
    "Jorge",
    "Sandra",
    "Liliana",
    "Felipe",
    "Juliana",
    "Óscar",
    "Ángela",
    "Sebastián",
    "Laura",
    "Mónica",
    "Héctor",
    "Claudia",
    "Andrea",
    "Ricardo",
    "Catalina",
    "Yeison",
    "Luz Marina",
];

const LAST_NAMES: [&str; 32] = [
    "García",
    "Rodríguez",
    "Martínez",
    "López",
    "González",
    "Hernández",
    "Pérez",
    "Sánchez",
    "Ramírez",
    "Torres",
    "Gómez",
    "Díaz",
    "Vargas",
    "Castro",
    "Rojas",
    "Moreno",
    "Jiménez",
    "Muñoz",
    "Ortiz",
    "Restrepo",
    "Álvarez",
    "Romero",
    "Suárez",
    "Valencia",
    "Cardona",
    "Quintero",
    "Ospina",
    "Castaño",
    "Zapata",
    "Arango",
    "Peña",
    "Londoño",
];

/// General disposition codes of transferred calls: (code, weight in %, specific codes).
/// `TIMEOUTACW` (the agent ran out of wrap-up time) carries no specific code.
pub(crate) const DISPOSITIONS: [(&str, f64, &[&str]); 8] = [
    (
        "INFORMACION",
        29.0,
        &["CONSULTA_SALDO", "HORARIOS", "ESTADO_PEDIDO", "TARIFAS"],
    ),
    (
        "SOPORTE",
        18.0,
        &["REINICIO_EQUIPO", "CONFIGURACION", "VISITA_TECNICA"],
    ),
    (
        "RECLAMO",
        14.0,
        &["FACTURACION_ERRADA", "FALLA_SERVICIO", "DEMORA_ENTREGA"],
    ),
    (
        "VENTA",
        12.0,
        &["VENTA_NUEVA", "VENTA_ADICIONAL", "CAMBIO_PLAN"],
    ),
    ("PAGO", 10.0, &["ACUERDO_PAGO", "CONFIRMACION_PAGO"]),
    ("CANCELACION", 6.0, &["RETENIDO", "CANCELADO"]),
    ("TIMEOUTACW", 5.0, &[]),
    ("LLAMADA_CAIDA", 6.0, &["SIN_AUDIO", "CLIENTE_COLGO"]),
];

/// Overall share of calls transferred to an agent the operation is tuned to.
const TRANSFER_SHARE: f64 = 0.66;

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Kind {
    Entry,
    Service,
    SelfService,
}

/// One routing point of the operation.
#[derive(Clone, Debug)]
pub(crate) struct RoutingPoint {
    pub(crate) id: String,
    /// Median IVR time in seconds on this routing point.
    pub(crate) ivr_median: f64,
    /// Probability that a call through it goes on to an agent.
    pub(crate) transfer: f64,
    /// The skill its transfers queue in.
    pub(crate) skill: usize,
}

/// One agent.
#[derive(Clone, Debug)]
pub(crate) struct Agent {
    pub(crate) id: String,
    pub(crate) name: String,
}

/// Everything about an operation that does not change from call to call.
#[derive(Clone, Debug)]
pub(crate) struct Catalog {
    /// First part of every conn_id (the operation's number).
    pub(crate) operation: u64,
    pub(crate) routing_points: Vec<RoutingPoint>,
    /// Cumulative traffic weights of `routing_points`.
    pub(crate) routing_cum: Vec<f64>,
    pub(crate) skills: Vec<String>,
    pub(crate) agents: Vec<Agent>,
    /// Agent indices per skill (never empty).
    pub(crate) agents_by_skill: Vec<Vec<usize>>,
    /// Cumulative weights of [`DISPOSITIONS`].
    pub(crate) disposition_cum: Vec<f64>,
    /// Seed for the regular callers' numbers.
    pub(crate) regulars_seed: u64,
}

/// Median IVR time of the whole operation, in seconds.
pub(crate) const IVR_MEDIAN_SECS: f64 = 45.0;

impl Catalog {
    /// The cast of the operation `seed`.
    pub(crate) fn of_seed(seed: u64) -> Catalog {
        let mut rng = Rng::new(derive(seed, u64::MAX));
        let operation = rng.range(10_000, 99_999);

        let rp_count = rng.range(6, 12) as usize;
        let mut pool: Vec<usize> = (1..ROUTING_POINTS.len()).collect();
        shuffle(&mut rng, &mut pool);
        let mut chosen = vec![0usize];
        chosen.extend(pool.into_iter().take(rp_count - 1));

        let skill_count = rng.range(3, 6) as usize;
        let skills: Vec<String> = SKILLS[..skill_count]
            .iter()
            .map(|s| s.to_string())
            .collect();

        // One or two routing points are noticeably slower (long menus, identity checks).
        let slow_count = rng.range(1, 2) as usize;
        let mut weights = Vec::with_capacity(rp_count);
        let mut routing_points = Vec::with_capacity(rp_count);
        for (i, &k) in chosen.iter().enumerate() {
            let (name, kind) = ROUTING_POINTS[k];
            let weight = 0.3 + rng.unit() * 1.2;
            let slowness = if i >= 1 && i <= slow_count {
                1.8 + rng.unit() * 0.6
            } else {
                0.75 + rng.unit() * 0.5
            };
            let transfer = match kind {
                Kind::Entry => 0.6 + rng.unit() * 0.1,
                Kind::Service => 0.65 + rng.unit() * 0.2,
                Kind::SelfService => 0.15 + rng.unit() * 0.2,
            };
            weights.push(weight);
            routing_points.push(RoutingPoint {
                id: name.to_string(),
                ivr_median: slowness,
                transfer,
                skill: if i == 0 { 0 } else { i % skill_count },
            });
        }
        // The entry menu carries the largest share of traffic.
        let others: f64 = weights[1..].iter().sum();
        weights[0] = others * 0.6;
        let total: f64 = weights.iter().sum();

        // Rescale so that every seed has the same overall median and transfer share,
        // while keeping the differences between routing points.
        let log_mean: f64 = routing_points
            .iter()
            .zip(&weights)
            .map(|(rp, w)| rp.ivr_median.ln() * w)
            .sum::<f64>()
            / total;
        let transfer_mean: f64 = routing_points
            .iter()
            .zip(&weights)
            .map(|(rp, w)| rp.transfer * w)
            .sum::<f64>()
            / total;
        for rp in &mut routing_points {
            rp.ivr_median = IVR_MEDIAN_SECS * (rp.ivr_median.ln() - log_mean).exp();
            rp.transfer = (rp.transfer * TRANSFER_SHARE / transfer_mean).clamp(0.05, 0.95);
        }

        let agent_count = rng.range(20, 80) as usize;
        let mut agents = Vec::with_capacity(agent_count);
        let mut agents_by_skill = vec![Vec::new(); skill_count];
        for k in 0..agent_count {
            let first = FIRST_NAMES[rng.below(FIRST_NAMES.len() as u64) as usize];
            let last = LAST_NAMES[rng.below(LAST_NAMES.len() as u64) as usize];
            let name = if rng.chance(0.6) {
                let second = LAST_NAMES[rng.below(LAST_NAMES.len() as u64) as usize];
                format!("{first} {last} {second}")
            } else {
                format!("{first} {last}")
            };
            // Steps of 7 keep the ids unique while looking unordered.
            let id = format!("AG{}", 1000 + k as u64 * 7 + rng.below(7));
            agents_by_skill[k % skill_count].push(agents.len());
            agents.push(Agent { id, name });
        }

        Catalog {
            operation,
            routing_points,
            routing_cum: cumulative(&weights),
            skills,
            agents,
            agents_by_skill,
            disposition_cum: cumulative(&DISPOSITIONS.map(|d| d.1)),
            regulars_seed: derive(seed, u64::MAX - 1),
        }
    }
}

fn shuffle<T>(rng: &mut Rng, items: &mut [T]) {
    for i in (1..items.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        items.swap(i, j);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_seed_gives_a_plausible_operation() {
        for seed in [0, 1, 11, 12345, u64::MAX] {
            let c = Catalog::of_seed(seed);
            assert!((6..=12).contains(&c.routing_points.len()));
            assert_eq!(c.routing_points[0].id, "RP_MENU_PRINCIPAL");
            assert!((3..=6).contains(&c.skills.len()));
            assert!((20..=80).contains(&c.agents.len()));
            assert!(c.agents_by_skill.iter().all(|a| !a.is_empty()));
            let mut ids: Vec<&str> = c.agents.iter().map(|a| a.id.as_str()).collect();
            ids.sort_unstable();
            ids.dedup();
            assert_eq!(ids.len(), c.agents.len(), "agent ids are unique");
            let slow = c
                .routing_points
                .iter()
                .filter(|rp| rp.ivr_median > 1.4 * IVR_MEDIAN_SECS)
                .count();
            assert!((1..=2).contains(&slow), "seed {seed}: {slow} slow");
        }
        assert_eq!(
            Catalog::of_seed(11).routing_points[3].id,
            Catalog::of_seed(11).routing_points[3].id
        );
    }
}
