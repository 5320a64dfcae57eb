// Ids that all share one Fx hash (rustc-hash 2's `FxHasher`), for the hash-flooding
// tests and benchmark: the attack billtree must survive, made on purpose.
//
// For a 32-byte key, rustc-hash mixes the first 16 bytes `x, y` into
// `m = mix(SEED1 ^ x, PREVENT ^ y)`, then xors the last 16 bytes `u, v` in:
// `hash = mix(SEED2 ^ u, m ^ v) ^ 32`. Fixing `u` and choosing `v = m ^ C` for one
// constant `C` gives every key the same hash. Keys stay printable JSON-safe ASCII by
// trying counters until `m ^ C` is printable (about 1 in 3,000).

const SEED1: u64 = 0x243f_6a88_85a3_08d3;
const PREVENT_TRIVIAL_ZERO_COLLAPSE: u64 = 0xa409_3822_299f_31d0;

/// rustc-hash's `multiply_mix`, in its 64-bit (`wide`: native x86_64/aarch64) or its
/// 32-bit form (wasm32 without wide arithmetic).
fn multiply_mix(x: u64, y: u64, wide: bool) -> u64 {
    if wide {
        let full = u128::from(x).wrapping_mul(u128::from(y));
        (full as u64) ^ ((full >> 64) as u64)
    } else {
        let (lx, ly, hx, hy) = (x as u32, y as u32, (x >> 32) as u32, (y >> 32) as u32);
        let afull = u64::from(lx).wrapping_mul(u64::from(hy));
        let bfull = u64::from(hx).wrapping_mul(u64::from(ly));
        afull ^ bfull.rotate_right(32)
    }
}

fn printable(byte: u8) -> bool {
    (0x23..0x7f).contains(&byte) && byte != b'\\'
}

/// Eight printable bytes spelling `n` (base 91 over the printable set).
fn spell(mut n: u64, alphabet: &[u8]) -> [u8; 8] {
    let mut out = [b'#'; 8];
    for slot in out.iter_mut() {
        *slot = alphabet[(n % alphabet.len() as u64) as usize];
        n /= alphabet.len() as u64;
    }
    out
}

/// `count` distinct 32-character ids with one Fx hash under the given `multiply_mix`
/// form (`wide = true` for native 64-bit targets, `false` for wasm32).
pub fn colliding_ids(count: usize, wide: bool) -> Vec<String> {
    let target = u64::from_le_bytes(*b"billtree");
    let fixed_u = *b"floodid-";
    let mut ids = Vec::with_capacity(count);
    let alphabet: Vec<u8> = (0u8..=255).filter(|&b| printable(b)).collect();
    let mut counter = 0u64;
    while ids.len() < count {
        counter += 1;
        let x = spell(counter, &alphabet);
        let y = *b"collide!";
        let m = multiply_mix(
            SEED1 ^ u64::from_le_bytes(x),
            PREVENT_TRIVIAL_ZERO_COLLAPSE ^ u64::from_le_bytes(y),
            wide,
        );
        let v = (m ^ target).to_le_bytes();
        if v.iter().all(|&b| printable(b)) {
            let mut id = Vec::with_capacity(32);
            for part in [&x[..], &y[..], &fixed_u[..], &v[..]] {
                id.extend_from_slice(part);
            }
            ids.push(String::from_utf8(id).unwrap_or_default());
        }
    }
    ids
}
