//! argon2id password hashes (PHC strings, as the `argon2` crate writes and reads them), with
//! the algorithm's working memory mapped from the kernel for each hash and unmapped after it.
//!
//! Why not the crate's own `hash_password`: it takes its 19 MiB of blocks from the global
//! allocator, and mimalloc kept most of them resident on the blocking thread that hashed, which
//! then went idle: once anyone had signed in, the server stayed 13–19 MB larger (BENCHMARKS.md).
//! A mapping of our own goes back to the kernel the moment the hash is done.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{Output, ParamsString, PasswordHash, Salt, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use memmap2::MmapMut;

#[derive(Debug, thiserror::Error)]
pub enum HashError {
    #[error("argon2: {0}")]
    Argon2(#[from] argon2::Error),
    #[error("argon2: {0}")]
    Encoding(#[from] argon2::password_hash::Error),
    #[error("argon2 working memory: {0}")]
    Memory(#[from] std::io::Error),
}

/// A new argon2id hash of `password` with a random salt and the crate's default parameters
/// (19 MiB, two passes, one lane: OWASP's recommendation).
pub fn hash(password: &str) -> Result<String, HashError> {
    let salt = SaltString::generate(&mut OsRng);
    let (algorithm, version, params) = (Algorithm::Argon2id, Version::V0x13, Params::default());
    let output = compute(password, salt.as_salt(), algorithm, version, &params)?;
    let phc = PasswordHash {
        algorithm: algorithm.ident(),
        version: Some(version.into()),
        params: ParamsString::try_from(&params)?,
        salt: Some(salt.as_salt()),
        hash: Some(output),
    };
    Ok(phc.to_string())
}

/// True when `password` matches `stored`, a PHC string with its own algorithm, version and
/// parameters (so hashes written with other parameters keep verifying). A malformed hash never
/// matches; the comparison takes the same time wherever the outputs differ.
pub fn verify(password: &str, stored: &str) -> bool {
    let matches = || -> Result<bool, HashError> {
        let parsed = PasswordHash::new(stored)?;
        let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
            return Ok(false);
        };
        let algorithm = Algorithm::try_from(parsed.algorithm)?;
        let version = parsed
            .version
            .map(Version::try_from)
            .transpose()?
            .unwrap_or_default();
        let params = Params::try_from(&parsed)?;
        // `Output`'s equality is constant-time.
        Ok(compute(password, salt, algorithm, version, &params)? == expected)
    };
    matches().unwrap_or(false)
}

fn compute(
    password: &str,
    salt: Salt<'_>,
    algorithm: Algorithm,
    version: Version,
    params: &Params,
) -> Result<Output, HashError> {
    let mut salt_bytes = [0u8; Salt::MAX_LENGTH];
    let salt_bytes = salt.decode_b64(&mut salt_bytes)?;
    let mut memory = WorkingMemory::map(params.block_count())?;
    let argon2 = Argon2::new(algorithm, version, params.clone());
    let output_len = params.output_len().unwrap_or(Params::DEFAULT_OUTPUT_LEN);
    Ok(Output::init_with(output_len, |out| {
        argon2
            .hash_password_into_with_memory(password.as_bytes(), salt_bytes, out, memory.blocks())
            .map_err(Into::into)
    })?)
}

/// argon2's blocks in an anonymous private mapping, unmapped when dropped.
struct WorkingMemory {
    map: MmapMut,
    blocks: usize,
}

impl WorkingMemory {
    fn map(blocks: usize) -> std::io::Result<Self> {
        let map = MmapMut::map_anon(blocks.saturating_mul(Block::SIZE).max(1))?;
        Ok(WorkingMemory { map, blocks })
    }

    fn blocks(&mut self) -> &mut [Block] {
        let start = self.map.as_mut_ptr().cast::<Block>();
        debug_assert!(start.is_aligned(), "a mapping starts on a page boundary");
        // SAFETY: the mapping is `blocks * Block::SIZE` bytes, page-aligned (a `Block` asks for
        // 64), zero-filled by the kernel (every bit pattern is a valid `Block`: it is `[u64; 128]`),
        // and borrowed mutably from `self` for the slice's lifetime.
        unsafe { std::slice::from_raw_parts_mut(start, self.blocks) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::{PasswordHasher, PasswordVerifier};

    #[test]
    fn hashes_verify_and_differ_by_salt() {
        let a = hash("correct horse").unwrap();
        let b = hash("correct horse").unwrap();
        assert_ne!(a, b);
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify("correct horse", &a));
        assert!(!verify("wrong horse", &a));
        assert!(!verify("correct horse", "not a hash"));
        assert!(!verify(
            "correct horse",
            "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ"
        ));
    }

    /// Accounts created before this module keep signing in, and a hash written here is one the
    /// argon2 crate (and so any other PHC reader) accepts.
    #[test]
    fn agrees_with_the_argon2_crate_both_ways() {
        let theirs = Argon2::default()
            .hash_password(b"roadmap-planner", &SaltString::generate(&mut OsRng))
            .unwrap()
            .to_string();
        assert!(verify("roadmap-planner", &theirs));
        assert!(!verify("roadmap-planne", &theirs));

        let ours = hash("roadmap-planner").unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(Argon2::default()
            .verify_password(b"roadmap-planner", &parsed)
            .is_ok());
    }

    /// Other parameters stored in the hash are the ones used: a hash from a smaller, faster
    /// configuration (or a future stronger one) still verifies.
    #[test]
    fn verifies_with_the_parameters_stored_in_the_hash() {
        let params = Params::new(8 * 1024, 3, 1, None).unwrap();
        let argon2i = Argon2::new(Algorithm::Argon2i, Version::V0x10, params);
        let stored = argon2i
            .hash_password(b"s3cret", &SaltString::generate(&mut OsRng))
            .unwrap()
            .to_string();
        assert!(stored.starts_with("$argon2i$v=16$m=8192,t=3,p=1$"));
        assert!(verify("s3cret", &stored));
        assert!(!verify("s3cre", &stored));
    }
}
