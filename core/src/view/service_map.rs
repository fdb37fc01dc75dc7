//! Which services call which: nodes for services, edges from a parent span's service to its
//! child's service (calls within one service are not edges), counted over the loaded traces.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::model::Trace;

#[derive(Debug, Clone, PartialEq)]
pub struct ServiceNode {
    pub name: String,
    pub spans: usize,
    pub errors: usize,
    /// Traces with at least one span of this service.
    pub traces: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceEdge {
    pub from: String,
    pub to: String,
    /// Child spans of `to` under a parent of `from`.
    pub calls: usize,
    /// Of those, the failed ones.
    pub errors: usize,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ServiceMap {
    /// By name.
    pub nodes: Vec<ServiceNode>,
    /// By caller, then callee.
    pub edges: Vec<ServiceEdge>,
}

pub fn service_map(traces: &[Arc<Trace>]) -> ServiceMap {
    let mut nodes: BTreeMap<&str, ServiceNode> = BTreeMap::new();
    let mut edges: BTreeMap<(&str, &str), (usize, usize)> = BTreeMap::new();
    for trace in traces {
        for stat in &trace.services {
            let node = nodes
                .entry(stat.name.as_str())
                .or_insert_with(|| ServiceNode {
                    name: stat.name.clone(),
                    spans: 0,
                    errors: 0,
                    traces: 0,
                });
            node.spans += stat.span_count;
            node.errors += stat.error_count;
            node.traces += 1;
        }
        for (i, span) in trace.spans.iter().enumerate() {
            let Some(parent) = span.parent else {
                continue;
            };
            let (from, to) = (trace.service_name(parent), trace.service_name(i as u32));
            if from != to {
                let edge = edges.entry((from, to)).or_default();
                edge.0 += 1;
                edge.1 += usize::from(span.is_error);
            }
        }
    }
    ServiceMap {
        nodes: nodes.into_values().collect(),
        edges: edges
            .into_iter()
            .map(|((from, to), (calls, errors))| ServiceEdge {
                from: from.to_owned(),
                to: to.to_owned(),
                calls,
                errors,
            })
            .collect(),
    }
}

/// Node positions for drawing, as (column, row): a service's column is the longest chain of
/// calls leading to it (callers left of callees; a cycle is cut where it closes), rows count
/// down each column in name order.
pub fn layout(map: &ServiceMap) -> HashMap<String, (usize, usize)> {
    let index: HashMap<&str, usize> = map
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.name.as_str(), i))
        .collect();
    let mut callers: Vec<Vec<usize>> = vec![Vec::new(); map.nodes.len()];
    for edge in &map.edges {
        if let (Some(&from), Some(&to)) =
            (index.get(edge.from.as_str()), index.get(edge.to.as_str()))
        {
            callers[to].push(from);
        }
    }
    // Longest path from a caller-less service, by depth-first search with an "on the path" mark
    // so a cycle contributes nothing.
    fn column(
        node: usize,
        callers: &[Vec<usize>],
        memo: &mut [Option<usize>],
        on_path: &mut [bool],
    ) -> usize {
        if let Some(c) = memo[node] {
            return c;
        }
        on_path[node] = true;
        let mut best = 0;
        for &caller in &callers[node] {
            if !on_path[caller] {
                best = best.max(column(caller, callers, memo, on_path) + 1);
            }
        }
        on_path[node] = false;
        memo[node] = Some(best);
        best
    }
    let mut memo = vec![None; map.nodes.len()];
    let mut on_path = vec![false; map.nodes.len()];
    let mut rows_used: HashMap<usize, usize> = HashMap::new();
    map.nodes
        .iter()
        .enumerate()
        .map(|(i, node)| {
            let col = column(i, &callers, &mut memo, &mut on_path);
            let row = rows_used.entry(col).or_default();
            let at = (col, *row);
            *row += 1;
            (node.name.clone(), at)
        })
        .collect()
}
