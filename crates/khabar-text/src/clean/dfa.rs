//! A small Aho–Corasick automaton compiled to a dense DFA over byte classes, for the cleaner's
//! few dozen inside phrases and caption markers: one table load per byte of text, and the
//! phrases ending at a byte looked up only where one does.
//!
//! Bytes that no phrase holds share one class; the transition table has a row per trie state
//! and a column per class, with state ids premultiplied by the row length and the top bit of
//! an entry saying that the state ends a phrase (its own or one of its suffixes). It finds
//! every phrase at every position (overlapping), as the double-array automaton it stands in
//! for does (the tests hold the two to the same answers). It does not report where a phrase
//! is, and it is not built for large lists ([`Dfa::new`] gives up above [`MAX_CELLS`] table
//! entries; the caller keeps the double-array automaton for that case).

/// Largest table (entries) built.
pub const MAX_CELLS: usize = 1 << 22;

const OUT: u32 = 1 << 31;

/// The compiled phrases.
#[derive(Debug, Clone)]
pub struct Dfa {
    /// Byte -> class.
    class: [u16; 256],
    classes: usize,
    /// Transitions: `next[state + class]` (`state` premultiplied by `classes`), `OUT` set when
    /// the target ends a phrase.
    next: Vec<u32>,
    /// Per state (not premultiplied): the range of its phrase ids in `outs`.
    out: Vec<(u32, u32)>,
    outs: Vec<u32>,
}

impl Dfa {
    /// Compile `phrases` (id = position); `None` when the list is empty or too large.
    pub fn new(phrases: &[&str]) -> Option<Dfa> {
        if phrases.iter().all(|p| p.is_empty()) {
            return None;
        }
        // Byte classes: 0 for bytes no phrase holds.
        let mut class = [0u16; 256];
        let mut classes = 1usize;
        for p in phrases {
            for &b in p.as_bytes() {
                let c = class.get_mut(usize::from(b))?;
                if *c == 0 {
                    *c = u16::try_from(classes).ok()?;
                    classes += 1;
                }
            }
        }
        let cls = |b: u8| usize::from(class.get(usize::from(b)).copied().unwrap_or(0));
        // The trie, as a dense table (`NONE`: no edge), and each state's own phrases.
        const NONE: u32 = u32::MAX;
        let max_states = phrases.iter().map(|p| p.len()).sum::<usize>() + 1;
        if max_states.checked_mul(classes)? > MAX_CELLS {
            return None;
        }
        let mut trie: Vec<u32> = vec![NONE; classes];
        let mut own: Vec<Vec<u32>> = vec![Vec::new()];
        for (id, p) in phrases.iter().enumerate() {
            if p.is_empty() {
                continue;
            }
            let mut s = 0usize;
            for &b in p.as_bytes() {
                let cell = s * classes + cls(b);
                let t = *trie.get(cell)?;
                s = if t == NONE {
                    let n = own.len();
                    *trie.get_mut(cell)? = u32::try_from(n).ok()?;
                    trie.extend(std::iter::repeat_n(NONE, classes));
                    own.push(Vec::new());
                    n
                } else {
                    t as usize
                };
            }
            own.get_mut(s)?.push(u32::try_from(id).ok()?);
        }
        let states = own.len();
        // Breadth first: failure links, full transitions, outputs with the suffixes'.
        let mut delta: Vec<u32> = vec![0; states * classes];
        let mut fail: Vec<usize> = vec![0; states];
        let mut outs_of: Vec<Vec<u32>> = own;
        let mut queue = std::collections::VecDeque::new();
        for c in 0..classes {
            let t = *trie.get(c)?;
            if t != NONE {
                *delta.get_mut(c)? = t;
                queue.push_back(t as usize);
            }
        }
        while let Some(s) = queue.pop_front() {
            let f = *fail.get(s)?;
            let inherited = outs_of.get(f)?.clone();
            outs_of.get_mut(s)?.extend(inherited);
            for c in 0..classes {
                let t = *trie.get(s * classes + c)?;
                let via_fail = *delta.get(f * classes + c)?;
                if t == NONE {
                    *delta.get_mut(s * classes + c)? = via_fail;
                } else {
                    *fail.get_mut(t as usize)? = via_fail as usize;
                    *delta.get_mut(s * classes + c)? = t;
                    queue.push_back(t as usize);
                }
            }
        }
        let mut out = Vec::with_capacity(states);
        let mut outs = Vec::new();
        for o in &outs_of {
            let a = u32::try_from(outs.len()).ok()?;
            outs.extend_from_slice(o);
            out.push((a, u32::try_from(outs.len()).ok()?));
        }
        let next = delta
            .iter()
            .map(|&t| {
                let t = t as usize;
                let flag = if outs_of.get(t).is_some_and(|o| !o.is_empty()) {
                    OUT
                } else {
                    0
                };
                u32::try_from(t * classes).map(|v| v | flag)
            })
            .collect::<Result<Vec<u32>, _>>()
            .ok()?;
        Some(Dfa {
            class,
            classes,
            next,
            out,
            outs,
        })
    }

    /// Call `f` with the id of every phrase occurrence in `text` (overlapping, in order of
    /// where they end); stop when it returns false.
    #[inline]
    pub fn each(&self, text: &str, mut f: impl FnMut(u32) -> bool) {
        let mut bytes = text.as_bytes();
        let mut s = 0u32;
        while let Some((k, t)) = run(&self.class, &self.next, bytes, s) {
            s = t;
            let (a, z) = self
                .out
                .get(t as usize / self.classes)
                .copied()
                .unwrap_or((0, 0));
            for &id in self.outs.get(a as usize..z as usize).unwrap_or(&[]) {
                if !f(id) {
                    return;
                }
            }
            bytes = bytes.get(k + 1..).unwrap_or(&[]);
        }
    }
}

/// The automaton from state `s` over `bytes` up to the first byte where a phrase ends: its
/// index and the state there (`None`: no phrase ends in `bytes`). A function of its own so
/// that this loop keeps its few values in registers: one class load and one transition load
/// per byte.
#[inline(never)]
fn run(class: &[u16; 256], next: &[u32], bytes: &[u8], mut s: u32) -> Option<(usize, u32)> {
    for (k, &b) in bytes.iter().enumerate() {
        let c = u32::from(class.get(usize::from(b)).copied().unwrap_or(0));
        // Every entry is a row start inside the table, so `get` never fails here.
        let e = *next.get((s + c) as usize)?;
        s = e & !OUT;
        if e & OUT != 0 {
            return Some((k, s));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use daachorse::DoubleArrayAhoCorasick;

    /// (phrase id, end) of every occurrence, by both automata.
    fn both(phrases: &[&str], text: &str) -> (Vec<u32>, Vec<u32>) {
        let mut ours = Vec::new();
        if let Some(d) = Dfa::new(phrases) {
            d.each(text, |id| {
                ours.push(id);
                true
            });
        }
        let pv: Vec<(&str, u32)> = phrases
            .iter()
            .enumerate()
            .filter(|(_, p)| !p.is_empty())
            .map(|(k, p)| (*p, k as u32))
            .collect();
        let mut theirs = Vec::new();
        if let Ok(a) = DoubleArrayAhoCorasick::<u32>::with_values(pv) {
            for m in a.find_overlapping_iter(text.as_bytes()) {
                theirs.push(m.value());
            }
        }
        ours.sort_unstable();
        theirs.sort_unstable();
        (ours, theirs)
    }

    #[test]
    fn finds_overlapping_and_nested_phrases() {
        let phrases = [
            "he",
            "she",
            "his",
            "hers",
            "subscribe now",
            "now",
            "ব্রেকিং",
            "اقرأ",
        ];
        let text = "ushers said: subscribe now, she knows his hers. ব্রেকিং اقرأ";
        let (ours, theirs) = both(&phrases, text);
        assert_eq!(ours, theirs);
        assert!(ours.len() >= 10, "{ours:?}");
        assert!(Dfa::new(&[]).is_none());
        assert!(Dfa::new(&[""]).is_none());
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_the_double_array_automaton(
            phrases in proptest::collection::vec("[abé ন]{1,5}", 1..12),
            text in "[abcé না]{0,60}",
        ) {
            let mut refs: Vec<&str> = Vec::new();
            for p in &phrases {
                if !refs.contains(&p.as_str()) {
                    refs.push(p);
                }
            }
            let (ours, theirs) = both(&refs, &text);
            proptest::prop_assert_eq!(ours, theirs);
        }
    }
}
