// tests/js/sign-vectors.mjs MESSAGE_HEX [SEED_HEX] — signs a 32-byte message with keys derived
// from a 32-byte seed (random when omitted) using libraries independent of the chain's Rust
// crates: Node's built-in crypto (OpenSSL) for Ed25519 and @scure/sr25519 (pure JS, signing
// context "substrate") for Sr25519. Prints JSON:
//   { "message": "0x…", "ed25519": { "publicKey", "r", "s" }, "sr25519": { "publicKey", "r", "s" } }
// with every value a 0x-prefixed 32-byte hex word, the arguments of
// IEd25519Verify.verify / ISR25519Verify.verify. Used by tests/tests/it/precompile_suite.rs.
import { createPrivateKey, createPublicKey, randomBytes, sign } from "node:crypto";
import * as sr25519 from "@scure/sr25519";

const hex = (b) => "0x" + Buffer.from(b).toString("hex");
const word = (arg, what) => {
  const s = (arg ?? "").replace(/^0x/, "");
  if (!/^[0-9a-fA-F]{64}$/.test(s)) {
    console.error(`sign-vectors: ${what} must be 32 bytes of hex, got ${JSON.stringify(arg)}`);
    process.exit(2);
  }
  return Buffer.from(s, "hex");
};

const message = word(process.argv[2], "MESSAGE_HEX");
const seed = process.argv[3] === undefined ? randomBytes(32) : word(process.argv[3], "SEED_HEX");

// Ed25519: a PKCS#8 private key is a fixed 16-byte DER prefix followed by the 32-byte seed.
const pkcs8 = Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), seed]);
const edKey = createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" });
const edPub = createPublicKey(edKey).export({ format: "der", type: "spki" }).subarray(-32);
const edSig = sign(null, message, edKey);

// Sr25519: the seed is a mini secret key, expanded as Substrate does; the nonce is random.
const srSecret = sr25519.secretFromSeed(seed);
const srPub = sr25519.getPublicKey(srSecret);
const srSig = sr25519.sign(srSecret, message);
if (!sr25519.verify(message, srSig, srPub)) {
  console.error("sign-vectors: @scure/sr25519 rejects its own signature");
  process.exit(1);
}

const split = (pub, sig) => ({
  publicKey: hex(pub),
  r: hex(sig.subarray(0, 32)),
  s: hex(sig.subarray(32, 64)),
});
console.log(
  JSON.stringify({
    message: hex(message),
    ed25519: split(edPub, Buffer.from(edSig)),
    sr25519: split(srPub, Buffer.from(srSig)),
  }),
);
