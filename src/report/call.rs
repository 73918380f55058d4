//! One row of the report: a call's pass through one routing point (IVR).

use super::strings::{Sym, Text};
use super::values::{Secs, Stamp, Transfer};

/// The 17 fields of a `diagram_11` row, in the API's order.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// `conn_id`: the call id.
    ConnId,
    /// `time_on_rp`: time the caller spent navigating the IVR.
    TimeOnRp,
    /// `end_date_rp`: date-time of the IVR passage.
    EndDateRp,
    /// `rp_id`: routing point (IVR) id.
    RpId,
    /// `ani`: caller's phone number.
    Ani,
    /// `customer_id`: customer identification.
    CustomerId,
    /// `time_on_skill`: time queued in the skill.
    TimeOnSkill,
    /// `skill_id`: skill (queue) id.
    SkillId,
    /// `skill_result`: the IVR's result.
    SkillResult,
    /// `go_to_agent`: transferred to an agent.
    GoToAgent,
    /// `agent_id`: agent id.
    AgentId,
    /// `agent_name`: agent name.
    AgentName,
    /// `time_with_agent`: time with the agent.
    TimeWithAgent,
    /// `cod_act`: general disposition code.
    CodAct,
    /// `cod_act_2`: specific disposition code.
    CodAct2,
    /// `type_interaction`: call type.
    TypeInteraction,
    /// `total_time`: IVR time plus agent time.
    TotalTime,
}

impl Field {
    /// Every field, in the API's order.
    pub const ALL: [Field; 17] = [
        Field::ConnId,
        Field::TimeOnRp,
        Field::EndDateRp,
        Field::RpId,
        Field::Ani,
        Field::CustomerId,
        Field::TimeOnSkill,
        Field::SkillId,
        Field::SkillResult,
        Field::GoToAgent,
        Field::AgentId,
        Field::AgentName,
        Field::TimeWithAgent,
        Field::CodAct,
        Field::CodAct2,
        Field::TypeInteraction,
        Field::TotalTime,
    ];

    /// The field's name in the API's JSON.
    pub const fn api_name(self) -> &'static str {
        match self {
            Field::ConnId => "conn_id",
            Field::TimeOnRp => "time_on_rp",
            Field::EndDateRp => "end_date_rp",
            Field::RpId => "rp_id",
            Field::Ani => "ani",
            Field::CustomerId => "customer_id",
            Field::TimeOnSkill => "time_on_skill",
            Field::SkillId => "skill_id",
            Field::SkillResult => "skill_result",
            Field::GoToAgent => "go_to_agent",
            Field::AgentId => "agent_id",
            Field::AgentName => "agent_name",
            Field::TimeWithAgent => "time_with_agent",
            Field::CodAct => "cod_act",
            Field::CodAct2 => "cod_act_2",
            Field::TypeInteraction => "type_interaction",
            Field::TotalTime => "total_time",
        }
    }

    /// The field of an API name; exact first, then ignoring ASCII case.
    pub fn from_api_name(name: &str) -> Option<Field> {
        Field::ALL
            .iter()
            .copied()
            .find(|f| f.api_name() == name)
            .or_else(|| {
                Field::ALL
                    .iter()
                    .copied()
                    .find(|f| f.api_name().eq_ignore_ascii_case(name.trim()))
            })
    }

    /// How the field is stored.
    pub fn kind(self) -> FieldKind {
        match self {
            Field::ConnId | Field::Ani | Field::CustomerId => FieldKind::Text,
            Field::EndDateRp => FieldKind::DateTime,
            Field::TimeOnRp | Field::TimeOnSkill | Field::TimeWithAgent | Field::TotalTime => {
                FieldKind::Duration
            }
            Field::GoToAgent => FieldKind::Flag,
            _ => FieldKind::Shared,
        }
    }
}

/// How a field's value is stored and typed.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// Mostly unique text kept as received (ids, phone numbers).
    Text,
    /// Repeated text stored once (agents, routing points, codes).
    Shared,
    /// A duration in seconds.
    Duration,
    /// A civil date-time.
    DateTime,
    /// The transferred-to-agent flag.
    Flag,
}

/// One call's pass through one routing point, typed, with every received value kept.
///
/// Text lives in the owning report's pool and arena; ask the report for it.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Call {
    /// Call id as received.
    pub conn_id: Text,
    /// Caller's phone number as received.
    pub ani: Text,
    /// Customer id as received.
    pub customer_id: Text,
    /// `end_date_rp` as received.
    pub date_raw: Text,
    /// When the call passed the routing point (operation's wall clock).
    pub started: Stamp,
    /// Time navigating the IVR.
    pub ivr_time: Secs,
    /// Time queued in the skill.
    pub queue_time: Secs,
    /// Time with the agent.
    pub agent_time: Secs,
    /// IVR time plus agent time, as Wolkvox computed it.
    pub total_time: Secs,
    /// `time_on_rp` as received.
    pub ivr_time_raw: Sym,
    /// `time_on_skill` as received.
    pub queue_time_raw: Sym,
    /// `time_with_agent` as received.
    pub agent_time_raw: Sym,
    /// `total_time` as received.
    pub total_time_raw: Sym,
    /// Routing point id.
    pub rp_id: Sym,
    /// Skill id.
    pub skill_id: Sym,
    /// Skill result.
    pub skill_result: Sym,
    /// `go_to_agent` as received.
    pub go_to_agent_raw: Sym,
    /// Agent id.
    pub agent_id: Sym,
    /// Agent name.
    pub agent_name: Sym,
    /// General disposition code.
    pub cod_act: Sym,
    /// Specific disposition code.
    pub cod_act_2: Sym,
    /// Call type.
    pub type_interaction: Sym,
    /// Whether the caller went on to an agent.
    pub transfer: Transfer,
    /// How many of this row's values could not be read.
    pub unreadable: u8,
}

impl Call {
    /// A row with every field absent.
    pub const EMPTY: Call = Call {
        conn_id: Text::MISSING,
        ani: Text::MISSING,
        customer_id: Text::MISSING,
        date_raw: Text::MISSING,
        started: Stamp::NONE,
        ivr_time: Secs::NONE,
        queue_time: Secs::NONE,
        agent_time: Secs::NONE,
        total_time: Secs::NONE,
        ivr_time_raw: Sym::MISSING,
        queue_time_raw: Sym::MISSING,
        agent_time_raw: Sym::MISSING,
        total_time_raw: Sym::MISSING,
        rp_id: Sym::MISSING,
        skill_id: Sym::MISSING,
        skill_result: Sym::MISSING,
        go_to_agent_raw: Sym::MISSING,
        agent_id: Sym::MISSING,
        agent_name: Sym::MISSING,
        cod_act: Sym::MISSING,
        cod_act_2: Sym::MISSING,
        type_interaction: Sym::MISSING,
        transfer: Transfer::Unknown,
        unreadable: 0,
    };

    /// The pooled value of a shared-text or duration field.
    pub fn sym(&self, field: Field) -> Option<Sym> {
        Some(match field {
            Field::TimeOnRp => self.ivr_time_raw,
            Field::TimeOnSkill => self.queue_time_raw,
            Field::TimeWithAgent => self.agent_time_raw,
            Field::TotalTime => self.total_time_raw,
            Field::RpId => self.rp_id,
            Field::SkillId => self.skill_id,
            Field::SkillResult => self.skill_result,
            Field::GoToAgent => self.go_to_agent_raw,
            Field::AgentId => self.agent_id,
            Field::AgentName => self.agent_name,
            Field::CodAct => self.cod_act,
            Field::CodAct2 => self.cod_act_2,
            Field::TypeInteraction => self.type_interaction,
            Field::ConnId | Field::Ani | Field::CustomerId | Field::EndDateRp => return None,
        })
    }

    /// The arena value of a mostly-unique text field.
    pub fn text(&self, field: Field) -> Option<Text> {
        match field {
            Field::ConnId => Some(self.conn_id),
            Field::Ani => Some(self.ani),
            Field::CustomerId => Some(self.customer_id),
            Field::EndDateRp => Some(self.date_raw),
            _ => None,
        }
    }

    /// The typed duration of a duration field.
    pub fn duration(&self, field: Field) -> Option<Secs> {
        match field {
            Field::TimeOnRp => Some(self.ivr_time),
            Field::TimeOnSkill => Some(self.queue_time),
            Field::TimeWithAgent => Some(self.agent_time),
            Field::TotalTime => Some(self.total_time),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_maps_back_from_its_api_name() {
        for f in Field::ALL {
            assert_eq!(Field::from_api_name(f.api_name()), Some(f));
            assert_eq!(Field::from_api_name(&f.api_name().to_uppercase()), Some(f));
        }
        assert_eq!(Field::from_api_name("unknown_extra"), None);
    }

    #[test]
    fn a_call_stays_compact() {
        // 1M calls must fit well under 400 MB with their strings.
        assert!(
            std::mem::size_of::<Call>() <= 112,
            "{}",
            std::mem::size_of::<Call>()
        );
    }
}
