//! The work meter that bounds [`narrow`](crate::narrow) on hostile input.

/// How much work a computation may still do, in units.
///
/// A unit is one automaton state visited, one pair of components compared, or one 64-bit word of memory
/// allocated and kept. Every step of the searches charges its cost before doing it, so a computation
/// given `n` units does `O(n)` work and holds `O(8·n)` bytes, whatever the sizes of the patterns involved.
/// (Counting pairs of state sets or table cells instead would not do: their sizes grow with the
/// patterns.)
#[derive(Debug)]
pub(crate) struct Work(usize);

impl Work {
    pub(crate) fn unlimited() -> Self {
        Self(usize::MAX)
    }

    pub(crate) fn new(units: usize) -> Self {
        Self(units)
    }

    /// Takes `units` from what is left, or says there is not that much left (and then takes it all, so a
    /// cheaper step later cannot sneak in after a dearer one was refused).
    #[must_use]
    pub(crate) fn spend(&mut self, units: usize) -> bool {
        match self.0.checked_sub(units) {
            Some(rest) => {
                self.0 = rest;
                true
            }
            None => {
                self.0 = 0;
                false
            }
        }
    }

    /// What is left.
    #[cfg(test)]
    pub(crate) fn left(&self) -> usize {
        self.0
    }
}

/// Units for keeping a list of `len` components: 16 bytes each and a 24-byte vector header.
pub(crate) fn list_units(len: usize) -> usize {
    2 * len + 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_spend_exhausts_the_meter() {
        let mut work = Work::new(10);
        assert!(work.spend(4));
        assert_eq!(work.left(), 6);
        assert!(!work.spend(7));
        assert!(!work.spend(1));
        assert!(Work::unlimited().spend(usize::MAX));
    }
}
