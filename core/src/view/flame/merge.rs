//! Flame graphs merged by path of service + operation from the root: one trace's repeated
//! children summed, or the loaded traces' into one aggregate.

use super::*;

impl FlameGraph {
    /// Traces merged by path of service + operation from the root: widths are summed durations
    /// (children that sum to more than their parent, being concurrent, are scaled to fit it, the
    /// tooltip keeping the real sums). With `root` (service, operation), only the traces whose
    /// root span is that operation; several root operations hang under one node named
    /// [`ALL_ROOTS`]. A single trace keeps the box of each span, to light up search matches. A
    /// node is marked failed when any of its spans failed in one trace's graph, and when at least
    /// 10 % of them did across traces.
    pub fn merged(traces: &[Arc<Trace>], root: Option<(&str, &str)>) -> Self {
        let chosen: Vec<(u32, &Trace)> = traces
            .iter()
            .enumerate()
            .map(|(i, t)| (i as u32, t.as_ref()))
            .filter(|(_, t)| match (root, t.root_span) {
                (None, _) => true,
                (Some(key), Some(r)) => (t.service_name(r), t.span(r).operation.as_str()) == key,
                (Some(_), None) => false,
            })
            .collect();
        let mut tree = MergeTree::default();
        let mut node_of_span = Vec::new();
        for &(ti, trace) in &chosen {
            node_of_span = tree.add(trace, ti);
        }
        let (boxes, order, services) = tree.layout(chosen.len() == 1);
        let mut box_of_span = Vec::new();
        if chosen.len() == 1 {
            let mut box_of_node = vec![0; order.len()];
            for (b, &node) in order.iter().enumerate() {
                box_of_node[node as usize] = b as u32;
            }
            box_of_span = node_of_span
                .iter()
                .map(|&node| box_of_node[node as usize])
                .collect();
        }
        let mut unordered = std::mem::take(&mut tree.nodes);
        let nodes = order
            .iter()
            .map(|&node| std::mem::take(&mut unordered[node as usize]))
            .collect();
        let source = Source::Merged { nodes };
        Self::of(boxes, services, source, box_of_span)
    }
}

/// Nodes merged by path while traces are added, before their layout.
#[derive(Default)]
struct MergeTree<'a> {
    nodes: Vec<MergedNode>,
    children: Vec<Vec<u32>>,
    /// The top nodes: one per root operation.
    tops: Vec<u32>,
    /// (service, operation) names, numbered, so a node is found without copying its names.
    names: FxHashMap<(&'a str, &'a str), u32>,
    /// (parent node or `u32::MAX`, name) → node.
    index: FxHashMap<(u32, u32), u32>,
}

impl<'a> MergeTree<'a> {
    /// Adds a trace's spans; returns the node of each span.
    fn add(&mut self, trace: &'a Trace, ti: u32) -> Vec<u32> {
        let mut node_of_span = vec![0u32; trace.spans.len()];
        for &idx in &trace.preorder {
            let span = trace.span(idx);
            let parent = span.parent.map(|p| node_of_span[p as usize]);
            let names = (trace.service_name(idx), span.operation.as_str());
            let next_name = self.names.len() as u32;
            let name = *self.names.entry(names).or_insert(next_name);
            let key = (parent.unwrap_or(u32::MAX), name);
            let node = match self.index.get(&key) {
                Some(&node) => node,
                None => {
                    let node = self.nodes.len() as u32;
                    self.nodes.push(MergedNode {
                        service: names.0.to_owned(),
                        operation: names.1.to_owned(),
                        count: 0,
                        errors: 0,
                        total_ns: 0,
                        self_ns: 0,
                        traces: Vec::new(),
                    });
                    self.children.push(Vec::new());
                    match parent {
                        Some(p) => self.children[p as usize].push(node),
                        None => self.tops.push(node),
                    }
                    self.index.insert(key, node);
                    node
                }
            };
            let merged = &mut self.nodes[node as usize];
            merged.count += 1;
            merged.errors += usize::from(span.is_error);
            merged.total_ns = merged.total_ns.saturating_add(span.duration_ns);
            merged.self_ns = merged.self_ns.saturating_add(span.self_time_ns);
            if merged.traces.last() != Some(&ti) {
                merged.traces.push(ti);
            }
            node_of_span[idx as usize] = node;
        }
        node_of_span
    }

    /// Puts a synthetic root ([`ALL_ROOTS`], or [`TRACE_ROOTS`] in a `single` trace's graph) over
    /// the top nodes when there are several, summing their counts, failures, time and traces.
    fn join_tops(&mut self, single: bool) {
        if self.tops.len() <= 1 {
            return;
        }
        let tops = std::mem::take(&mut self.tops);
        let mut all = MergedNode {
            service: String::new(),
            operation: if single { TRACE_ROOTS } else { ALL_ROOTS }.to_owned(),
            count: 0,
            errors: 0,
            total_ns: 0,
            self_ns: 0,
            traces: Vec::new(),
        };
        for &t in &tops {
            let top = &self.nodes[t as usize];
            all.count += top.count;
            all.errors += top.errors;
            all.total_ns = all.total_ns.saturating_add(top.total_ns);
            all.traces.extend(&top.traces);
        }
        all.traces.sort_unstable();
        all.traces.dedup();
        self.nodes.push(all);
        self.children.push(tops);
        self.tops = vec![self.nodes.len() as u32 - 1];
    }

    /// Boxes in depth-first order, the node each box is, and the services named. Several top
    /// nodes get a synthetic root over them ([`ALL_ROOTS`]; [`TRACE_ROOTS`] for one trace, whose
    /// orphans are roots too). A box is marked failed when any of its spans failed
    /// in a `single` trace's graph, and when at least 10 % of them did across traces (where some
    /// failure somewhere is the rule, the outline would mark every box).
    fn layout(&mut self, single: bool) -> (Vec<FlameBox>, Vec<u32>, Vec<String>) {
        self.join_tops(single);
        // Without any duration, widths follow span counts instead, so the shape still shows.
        let by_time = self
            .tops
            .iter()
            .any(|&t| self.nodes[t as usize].total_ns > 0);
        let weight = |n: &MergedNode| {
            if by_time {
                n.total_ns as f64
            } else {
                n.count as f64
            }
        };
        let mut services: Vec<String> = Vec::new();
        let mut service_index: HashMap<String, u32> = HashMap::new();
        let mut boxes = Vec::with_capacity(self.nodes.len());
        let mut order = Vec::with_capacity(self.nodes.len());
        // (node, parent box, row, left edge, fraction per unit of weight)
        let mut stack: Vec<(u32, Option<u32>, u32, f64, f64)> = self
            .tops
            .iter()
            .map(|&t| {
                (
                    t,
                    None,
                    0,
                    0.0,
                    1.0 / weight(&self.nodes[t as usize]).max(1.0),
                )
            })
            .collect();
        while let Some((node, parent, row, x0, scale)) = stack.pop() {
            let n = &self.nodes[node as usize];
            let width = weight(n) * scale;
            let service = match service_index.get(&n.service) {
                Some(&s) => s,
                None => {
                    services.push(n.service.clone());
                    service_index.insert(n.service.clone(), services.len() as u32 - 1);
                    services.len() as u32 - 1
                }
            };
            let b = boxes.len() as u32;
            boxes.push(FlameBox {
                row,
                x0,
                x1: x0 + width,
                parent,
                service,
                error: n.errors > 0 && (single || n.errors * 10 >= n.count),
            });
            order.push(node);
            let kids = &self.children[node as usize];
            let sum: f64 = kids.iter().map(|&k| weight(&self.nodes[k as usize])).sum();
            let fit = if sum * scale > width && sum > 0.0 {
                width / sum
            } else {
                scale
            };
            let mut at = x0;
            let first = stack.len();
            for &k in kids {
                stack.push((k, Some(b), row + 1, at, fit));
                at += weight(&self.nodes[k as usize]) * fit;
            }
            // Reversed, so the first child is laid out (numbered) first.
            stack[first..].reverse();
        }
        (boxes, order, services)
    }
}
