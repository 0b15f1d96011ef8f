//! Hash maps keyed by ids and positions from the user's own files, with a fast
//! hash: std's default (SipHash, built to resist crafted keys from an attacker)
//! was a few percent of loading a large corpus, and no key here comes from
//! anyone but the files' authors.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

pub type IdMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;

/// A map with room for `n` entries.
pub fn map_with_capacity<K, V>(n: usize) -> IdMap<K, V> {
    IdMap::with_capacity_and_hasher(n, BuildHasherDefault::default())
}

/// Multiplies each 8-byte word into the state, rotating in between: a few
/// instructions a word. A product's high bits depend on every bit of its
/// input, its low bits only on the input's low bits; the map picks a bucket
/// from the low bits, so the result is rotated to bring the high bits down.
#[derive(Debug, Default, Clone, Copy)]
pub struct IdHasher {
    state: u64,
}

const MULTIPLIER: u64 = 0x9e37_79b9_7f4a_7c15;

impl IdHasher {
    fn mix(&mut self, word: u64) {
        self.state = (self.state.rotate_left(26) ^ word).wrapping_mul(MULTIPLIER);
    }
}

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for chunk in &mut words {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.mix(u64::from_le_bytes(word));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            // The length keeps "a" and "a\0" apart.
            self.mix(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.mix(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.mix(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.mix(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.mix(n as u64);
    }

    fn finish(&self) -> u64 {
        self.state.rotate_left(26)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{BuildHasher, Hash};

    fn hash(value: impl Hash) -> u64 {
        BuildHasherDefault::<IdHasher>::default().hash_one(value)
    }

    #[test]
    fn strings_that_differ_anywhere_hash_apart() {
        let ids = [
            "",
            "a",
            "b",
            "ab",
            "ba",
            "a\0",
            "abcdefgh",
            "abcdefgi",
            "bbcdefgh",
            "abcdefgh1",
            "summit-outcome",
            "summit-outcomf",
        ];
        for (i, a) in ids.iter().enumerate() {
            for b in &ids[i + 1..] {
                assert_ne!(hash(a), hash(b), "{a:?} and {b:?}");
            }
        }
    }

    #[test]
    fn keys_that_differ_only_in_high_bits_land_in_different_buckets() {
        // A map of 1,024 buckets picks one from the low 10 bits.
        let buckets: std::collections::BTreeSet<u64> =
            (0..64u64).map(|n| hash(n << 40) & 1023).collect();
        assert!(buckets.len() > 32, "{} buckets for 64 keys", buckets.len());
    }

    #[test]
    fn a_map_finds_every_key_it_holds() {
        let mut map = map_with_capacity(1000);
        for i in 0..1000 {
            map.insert(format!("item-{i}"), i);
        }
        assert_eq!(map.len(), 1000);
        assert!((0..1000).all(|i| map.get(&format!("item-{i}")) == Some(&i)));
        assert_eq!(map.get("item-1000"), None);
    }
}
