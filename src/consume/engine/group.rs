//! Rebalances in group mode. librdkafka only records them in the context (see
//! `consume::context`); they are carried out here, between records, where the output
//! buffer and the processed offsets are at hand: revoked partitions are flushed and
//! their processed offsets committed before they are given away; newly assigned ones
//! get `-o`/`-e` resolved on their first assignment.

use rdkafka::consumer::{CommitMode as RdCommitMode, Consumer, RebalanceProtocol};
use rdkafka::{Offset, TopicPartitionList};

use super::{CommitMode, End, Engine, Part};
use crate::consume::context::RebalanceEvent;
use crate::consume::offsets;
use crate::output;

impl Engine {
    pub(super) fn on_rebalance(&mut self, event: RebalanceEvent) -> Option<End> {
        let cooperative = matches!(
            self.consumer.rebalance_protocol(),
            RebalanceProtocol::Cooperative
        );
        match event {
            RebalanceEvent::Error(why, list) => {
                output::warn(format!("rebalance error: {why}"));
                self.revoke(list, cooperative)
            }
            RebalanceEvent::Revoke(list) => self.revoke(list, cooperative),
            RebalanceEvent::Assign(list) => self.assign(list, cooperative),
        }
    }

    /// Revoked partitions: flush, commit what was processed, then unassign.
    fn revoke(&mut self, list: Vec<(String, i32)>, cooperative: bool) -> Option<End> {
        // Whatever was rendered reaches stdout, and its offsets the group,
        // before another member can start on these partitions.
        let flushed = self.flush();
        let lost = self.consumer.assignment_lost();
        if !lost && matches!(self.plan.commit, CommitMode::After | CommitMode::Auto) {
            let mut tpl = TopicPartitionList::new();
            for (t, p) in &list {
                if let Some(part) = self.find(t, *p) {
                    if part.processed >= 0 {
                        let _ = tpl.add_partition_offset(t, *p, Offset::Offset(part.processed));
                    }
                }
            }
            if tpl.count() > 0 {
                if let Err(e) = self.consumer.commit(&tpl, RdCommitMode::Sync) {
                    output::warn(format!(
                        "cannot commit revoked partitions {}: {e}",
                        describe(&list)
                    ));
                }
            }
        }
        let tpl = pairs_tpl(&list);
        let result = if cooperative {
            self.consumer.incremental_unassign(&tpl)
        } else {
            self.consumer.unassign()
        };
        if let Err(e) = result {
            return Some(End::Fail(anyhow::anyhow!(
                "cannot unassign partitions: {e}"
            )));
        }
        if cooperative {
            for (t, p) in &list {
                let i = self.part_index(t, *p);
                self.parts[i].assigned = false;
            }
        } else {
            for p in &mut self.parts {
                p.assigned = false;
            }
        }
        output::debug(
            1,
            format!(
                "revoked {}{}",
                describe(&list),
                if lost { " (lost)" } else { "" }
            ),
        );
        if let Err(end) = flushed {
            return Some(end);
        }
        None
    }

    /// Newly assigned partitions: resolve `-o` and `-e` for them, then assign.
    fn assign(&mut self, list: Vec<(String, i32)>, cooperative: bool) -> Option<End> {
        let idx: Vec<usize> = list.iter().map(|(t, p)| self.part_index(t, *p)).collect();
        let explicit = !self.plan.spec.partitions.is_empty()
            || self.plan.spec.default != offsets::Range::default();
        let needs: Vec<usize> = idx
            .iter()
            .copied()
            .filter(|&i| !self.parts[i].resolved)
            .collect();
        if !needs.is_empty() && (explicit || self.plan.has_stops()) {
            if let Err(e) = self.resolve(&needs) {
                return Some(End::Fail(e));
            }
        }
        let mut tpl = TopicPartitionList::new();
        for &i in &idx {
            let part = &mut self.parts[i];
            part.assigned = true;
            // `-o` applies on a partition's first assignment in this run; later
            // assignments continue from the group's committed offset.
            let offset = if needs.contains(&i) && explicit && part.next >= 0 {
                Offset::Offset(part.next)
            } else {
                Offset::Invalid
            };
            let _ = tpl.add_partition_offset(&part.topic, part.partition, offset);
        }
        // Stopping a partition's fetcher (a revoke) drops its forward: set it again.
        if let Err(e) = self.forward(list.iter().map(|(t, p)| (t.as_str(), *p))) {
            return Some(End::Fail(e));
        }
        let result = if cooperative {
            self.consumer.incremental_assign(&tpl)
        } else {
            self.consumer.assign(&tpl)
        };
        if let Err(e) = result {
            return Some(End::Fail(anyhow::anyhow!("cannot assign partitions: {e}")));
        }
        output::debug(1, format!("assigned {}", describe(&list)));
        self.pause_done();
        None
    }

    fn find(&self, topic: &str, partition: i32) -> Option<&Part> {
        let i = (*self.index.get(topic)?.get(partition as usize)?)?;
        self.parts.get(i)
    }
}

fn pairs_tpl(list: &[(String, i32)]) -> TopicPartitionList {
    let mut tpl = TopicPartitionList::new();
    for (t, p) in list {
        tpl.add_partition(t, *p);
    }
    tpl
}

/// `orders[0,1,2], audit[0]`.
pub(super) fn describe(list: &[(String, i32)]) -> String {
    let mut by_topic: Vec<(&str, Vec<i32>)> = Vec::new();
    for (t, p) in list {
        match by_topic.iter_mut().find(|(name, _)| name == t) {
            Some((_, ps)) => ps.push(*p),
            None => by_topic.push((t, vec![*p])),
        }
    }
    if by_topic.is_empty() {
        return "nothing".into();
    }
    by_topic
        .iter()
        .map(|(t, ps)| {
            let ps: Vec<String> = ps.iter().map(i32::to_string).collect();
            format!("{t}[{}]", ps.join(","))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_assignments() {
        let list = vec![
            ("a".to_string(), 0),
            ("a".to_string(), 2),
            ("b".to_string(), 1),
        ];
        assert_eq!(describe(&list), "a[0,2], b[1]");
        assert_eq!(describe(&[]), "nothing");
    }
}
