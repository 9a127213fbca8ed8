//! 0x403 Sr25519 verification: `verify(message, publicKey, r, s)` returns whether `(r, s)` is
//! `publicKey`'s Schnorrkel signature of the 32 bytes `message`, in the signing context
//! `b"substrate"` that Substrate (and so the real chain) signs and verifies with.
//!
//! Rules: the real chain's (`sp_core::sr25519::Pair::verify`: `schnorrkel::Signature::from_bytes`,
//! which requires the Schnorrkel marker bit in the last byte, `PublicKey::from_bytes`, then
//! `verify_simple`). Anything that does not verify returns `false`, a malformed public key or
//! signature included, as on the real chain. Signatures of the pre-0.8 Schnorrkel format
//! (without the marker) are rejected, as there.
//!
//! Differences from the real chain, both refusals of calls it would accept: an unknown
//! selector or calldata shorter than the four words reverts, and a call carrying `msg.value`
//! reverts (the real chain keeps the value at the precompile's address).
//!
//! Gas: [`cost::VERIFY`], the real chain's flat 6,000, charged before decoding. The
//! precompile reads nothing and writes nothing, so it also answers DELEGATECALL and STATICCALL.

use crate::call::{Call, Failure, Gas, cost, names, require_no_value};
use alloy_primitives::Bytes;
use alloy_sol_types::{SolCall, SolInterface};
use contracts::ISR25519Verify::{ISR25519VerifyCalls, verifyCall};
use schnorrkel::{PublicKey, Signature};

/// The signing context of Substrate's sr25519 signatures.
pub const SIGNING_CONTEXT: &[u8] = b"substrate";

/// Run a call.
pub fn run(call: &Call, gas: &mut Gas) -> Result<Bytes, Failure> {
    gas.charge(cost::VERIFY)?;
    let ISR25519VerifyCalls::verify(c) = ISR25519VerifyCalls::abi_decode_validate(&call.input)
        .map_err(|_| {
            Failure::revert(
                names::INVALID_INPUT,
                "ISR25519Verify: unknown function or malformed arguments",
            )
        })?;
    require_no_value(call)?;
    let mut signature = [0u8; 64];
    signature[..32].copy_from_slice(c.r.as_slice());
    signature[32..].copy_from_slice(c.s.as_slice());
    let valid =
        match (PublicKey::from_bytes(c.publicKey.as_slice()), Signature::from_bytes(&signature)) {
            (Ok(key), Ok(signature)) => {
                key.verify_simple(SIGNING_CONTEXT, c.message.as_slice(), &signature).is_ok()
            }
            _ => false,
        };
    Ok(verifyCall::abi_encode_returns(&valid).into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::{B256, U256, b256};
    use schnorrkel::{ExpansionMode, MiniSecretKey};

    fn call(message: B256, public_key: B256, r: B256, s: B256) -> Call {
        crate::testkit::view(verifyCall { message, publicKey: public_key, r, s }.abi_encode())
    }

    fn verify(c: &Call) -> Result<bool, Failure> {
        let out = run(c, &mut Gas::new(cost::VERIFY))?;
        Ok(verifyCall::abi_decode_returns(&out).expect("bool"))
    }

    /// Signed with @scure/sr25519 (pure JS), seed `[1; 32]`, message `[7; 32]`
    /// (`node tests/js/sign-vectors.mjs 0x07…07 0x01…01`; the nonce is random, so each run
    /// prints another valid signature).
    const JS_PUBLIC_KEY: B256 =
        b256!("189dac29296d31814dc8c56cf3d36a0543372bba7538fa322a4aebfebc39e056");
    const JS_R: B256 = b256!("dc1847b84c56ecb27ccfc697eebdc1f98306a4d649eef4311ed1b84e166eb641");
    const JS_S: B256 = b256!("f0045dcdfe47b537e34f3112bb1e10e17ef66de5908f3922ee69ec750702cc84");

    fn keypair(seed: [u8; 32]) -> schnorrkel::Keypair {
        MiniSecretKey::from_bytes(&seed).expect("seed").expand_to_keypair(ExpansionMode::Ed25519)
    }

    #[test]
    fn accepts_a_signature_made_by_scure_sr25519_and_rejects_altered_ones() {
        let msg = B256::repeat_byte(7);
        assert_eq!(verify(&call(msg, JS_PUBLIC_KEY, JS_R, JS_S)), Ok(true));
        // Substrate's seed expansion gives the same public key here.
        assert_eq!(B256::from(keypair([1; 32]).public.to_bytes()), JS_PUBLIC_KEY);
        let mut other_msg = msg;
        other_msg.0[0] ^= 1;
        assert_eq!(verify(&call(other_msg, JS_PUBLIC_KEY, JS_R, JS_S)), Ok(false));
        let mut r = JS_R;
        r.0[5] ^= 1;
        assert_eq!(verify(&call(msg, JS_PUBLIC_KEY, r, JS_S)), Ok(false));
        let mut s = JS_S;
        s.0[0] ^= 1;
        assert_eq!(verify(&call(msg, JS_PUBLIC_KEY, JS_R, s)), Ok(false));
        // Without the Schnorrkel marker bit the signature is not even parsed.
        let mut unmarked = JS_S;
        unmarked.0[31] &= 0x7f;
        assert_eq!(verify(&call(msg, JS_PUBLIC_KEY, JS_R, unmarked)), Ok(false));
        let other_key = B256::from(keypair([2; 32]).public.to_bytes());
        assert_eq!(verify(&call(msg, other_key, JS_R, JS_S)), Ok(false));
        // Not a point: false, not a revert (as on the real chain).
        assert_eq!(verify(&call(msg, B256::repeat_byte(0xff), JS_R, JS_S)), Ok(false));
    }

    #[test]
    fn signs_with_schnorrkel_in_the_substrate_context_only() {
        let pair = keypair([9; 32]);
        let msg = B256::repeat_byte(0x42);
        let public = B256::from(pair.public.to_bytes());
        let split = |sig: schnorrkel::Signature| {
            let bytes = sig.to_bytes();
            (B256::from_slice(&bytes[..32]), B256::from_slice(&bytes[32..]))
        };
        let (r, s) = split(pair.sign_simple(SIGNING_CONTEXT, msg.as_slice()));
        assert_eq!(verify(&call(msg, public, r, s)), Ok(true));
        let (r, s) = split(pair.sign_simple(b"another context", msg.as_slice()));
        assert_eq!(verify(&call(msg, public, r, s)), Ok(false));
    }

    #[test]
    fn value_garbage_and_gas() {
        let msg = B256::repeat_byte(7);
        let mut paid = call(msg, JS_PUBLIC_KEY, JS_R, JS_S);
        paid.value = U256::from(1);
        assert_eq!(
            verify(&paid),
            Err(Failure::revert(names::NOT_PAYABLE, "this function does not accept value"))
        );
        let mut garbage = call(msg, JS_PUBLIC_KEY, JS_R, JS_S);
        garbage.input = Bytes::from_static(&[1, 2, 3, 4]);
        assert!(matches!(verify(&garbage), Err(Failure::Revert { .. })));
        let c = call(msg, JS_PUBLIC_KEY, JS_R, JS_S);
        assert_eq!(run(&c, &mut Gas::new(cost::VERIFY - 1)), Err(Failure::OutOfGas));
    }
}
