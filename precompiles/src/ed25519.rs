//! 0x402 Ed25519 verification: `verify(message, publicKey, r, s)` returns whether `(r, s)` is
//! `publicKey`'s Ed25519 signature of the 32 bytes `message`.
//!
//! Rules: the real chain's, with the same crate line (ed25519-dalek 2) and the same check
//! (`Verifier::verify`: cofactorless, `s` must be canonical). A signature that does not verify
//! returns `false`. A public key that is not a valid curve point reverts with
//! `"IEd25519Verify: invalid public key"`; the real chain fails that call too (an EVM error
//! that consumes the forwarded gas, without revert data).
//!
//! Differences from the real chain, both refusals of calls it would accept: an unknown
//! selector or calldata shorter than the four words reverts (the real chain ignores the
//! selector and any bytes past the fourth word), and a call carrying `msg.value` reverts (the
//! real chain keeps the value at the precompile's address).
//!
//! Gas: [`cost::VERIFY`], the real chain's flat 6,000, charged before decoding. The
//! precompile reads nothing and writes nothing, so it also answers DELEGATECALL and STATICCALL.

use crate::call::{Call, Failure, Gas, cost, names, require_no_value};

/// The error name of a public key that is not a valid curve point (the real chain fails with
/// "Public key recover failed").
const INVALID_PUBLIC_KEY: &str = "PublicKeyRecoverFailed";
use alloy_primitives::Bytes;
use alloy_sol_types::{SolCall, SolInterface};
use contracts::IEd25519Verify::{IEd25519VerifyCalls, verifyCall};
use ed25519_dalek::{Signature, Verifier, VerifyingKey};

/// Run a call.
pub fn run(call: &Call, gas: &mut Gas) -> Result<Bytes, Failure> {
    gas.charge(cost::VERIFY)?;
    let IEd25519VerifyCalls::verify(c) = IEd25519VerifyCalls::abi_decode_validate(&call.input)
        .map_err(|_| {
            Failure::revert(
                names::INVALID_INPUT,
                "IEd25519Verify: unknown function or malformed arguments",
            )
        })?;
    require_no_value(call)?;
    let key = VerifyingKey::from_bytes(&c.publicKey.0)
        .map_err(|_| Failure::revert(INVALID_PUBLIC_KEY, "IEd25519Verify: invalid public key"))?;
    let signature = Signature::from_components(c.r.0, c.s.0);
    let valid = key.verify(c.message.as_slice(), &signature).is_ok();
    Ok(verifyCall::abi_encode_returns(&valid).into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::{B256, U256, b256};
    use ed25519_dalek::{Signer, SigningKey};

    fn call(message: B256, public_key: B256, r: B256, s: B256) -> Call {
        crate::testkit::view(verifyCall { message, publicKey: public_key, r, s }.abi_encode())
    }

    fn verify(c: &Call) -> Result<bool, Failure> {
        let out = run(c, &mut Gas::new(cost::VERIFY))?;
        Ok(verifyCall::abi_decode_returns(&out).expect("bool"))
    }

    /// Signed with Node's crypto (OpenSSL), seed `[1; 32]`, message `[7; 32]`
    /// (`node tests/js/sign-vectors.mjs 0x07…07 0x01…01`).
    const NODE_PUBLIC_KEY: B256 =
        b256!("8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c");
    const NODE_R: B256 = b256!("0e1bd06c6ab98ef354701a00c55715d1b65a915d898b9f68e8e48b037c345c56");
    const NODE_S: B256 = b256!("75a243feeae3e7c4deca2da6d340854edc5b86655461e74d9d65e02333521f0e");

    #[test]
    fn accepts_a_signature_made_by_node_crypto_and_rejects_altered_ones() {
        let msg = B256::repeat_byte(7);
        assert_eq!(verify(&call(msg, NODE_PUBLIC_KEY, NODE_R, NODE_S)), Ok(true));
        // The same key derived here from the same seed.
        let key = SigningKey::from_bytes(&[1; 32]);
        assert_eq!(B256::from(key.verifying_key().to_bytes()), NODE_PUBLIC_KEY);
        let mut other_msg = msg;
        other_msg.0[31] ^= 1;
        assert_eq!(verify(&call(other_msg, NODE_PUBLIC_KEY, NODE_R, NODE_S)), Ok(false));
        let mut r = NODE_R;
        r.0[0] ^= 1;
        assert_eq!(verify(&call(msg, NODE_PUBLIC_KEY, r, NODE_S)), Ok(false));
        let mut s = NODE_S;
        s.0[0] ^= 1;
        assert_eq!(verify(&call(msg, NODE_PUBLIC_KEY, NODE_R, s)), Ok(false));
        // A non-canonical s (s + l has the top bits set) is rejected, not reduced.
        assert_eq!(verify(&call(msg, NODE_PUBLIC_KEY, NODE_R, B256::repeat_byte(0xff))), Ok(false));
        let other_key = B256::from(SigningKey::from_bytes(&[2; 32]).verifying_key().to_bytes());
        assert_eq!(verify(&call(msg, other_key, NODE_R, NODE_S)), Ok(false));
    }

    #[test]
    fn signs_and_verifies_with_dalek() {
        let key = SigningKey::from_bytes(&[9; 32]);
        let msg = B256::repeat_byte(0x42);
        let sig = key.sign(msg.as_slice()).to_bytes();
        let (r, s) = sig.split_at(32);
        let public = B256::from(key.verifying_key().to_bytes());
        let c = call(msg, public, B256::from_slice(r), B256::from_slice(s));
        assert_eq!(verify(&c), Ok(true));
    }

    #[test]
    fn invalid_key_value_garbage_and_gas() {
        let msg = B256::repeat_byte(7);
        // y = 2 is not the y-coordinate of a curve point.
        let mut bad_key = B256::ZERO;
        bad_key.0[0] = 2;
        assert_eq!(
            verify(&call(msg, bad_key, NODE_R, NODE_S)),
            Err(Failure::revert(INVALID_PUBLIC_KEY, "IEd25519Verify: invalid public key"))
        );
        let mut paid = call(msg, NODE_PUBLIC_KEY, NODE_R, NODE_S);
        paid.value = U256::from(1);
        assert_eq!(
            verify(&paid),
            Err(Failure::revert(names::NOT_PAYABLE, "this function does not accept value"))
        );
        let mut short = call(msg, NODE_PUBLIC_KEY, NODE_R, NODE_S);
        short.input = short.input.slice(..100);
        assert!(matches!(verify(&short), Err(Failure::Revert { .. })));
        let c = call(msg, NODE_PUBLIC_KEY, NODE_R, NODE_S);
        assert_eq!(run(&c, &mut Gas::new(cost::VERIFY - 1)), Err(Failure::OutOfGas));
        let mut g = Gas::new(1_000_000);
        run(&c, &mut g).expect("verifies");
        assert_eq!(g.used(), cost::VERIFY);
    }
}
