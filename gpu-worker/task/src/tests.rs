//! Unit tests of the task crate: derivation, product, commitment, Freivalds, messages.
#![allow(clippy::unwrap_used)]

use crate::*;

fn seed(byte: u8) -> [u8; 32] {
    std::array::from_fn(|i| byte.wrapping_add(i as u8))
}

fn task(byte: u8, n: u32) -> Task {
    Task::new(seed(byte), n).unwrap()
}

// ---- an independent ChaCha20 (Bernstein variant: 64-bit counter in words 12-13, 64-bit
// stream id in words 14-15), written from the algorithm's description, to re-derive A and B.

fn chacha20_block(key: &[u8; 32], counter: u64, stream: u64) -> [u8; 64] {
    fn qr(s: &mut [u32; 16], a: usize, b: usize, c: usize, d: usize) {
        s[a] = s[a].wrapping_add(s[b]);
        s[d] = (s[d] ^ s[a]).rotate_left(16);
        s[c] = s[c].wrapping_add(s[d]);
        s[b] = (s[b] ^ s[c]).rotate_left(12);
        s[a] = s[a].wrapping_add(s[b]);
        s[d] = (s[d] ^ s[a]).rotate_left(8);
        s[c] = s[c].wrapping_add(s[d]);
        s[b] = (s[b] ^ s[c]).rotate_left(7);
    }
    let mut init = [0u32; 16];
    init[..4].copy_from_slice(&[0x6170_7865, 0x3320_646e, 0x7962_2d32, 0x6b20_6574]);
    for i in 0..8 {
        init[4 + i] = u32::from_le_bytes(key[4 * i..4 * i + 4].try_into().unwrap());
    }
    init[12] = counter as u32;
    init[13] = (counter >> 32) as u32;
    init[14] = stream as u32;
    init[15] = (stream >> 32) as u32;
    let mut s = init;
    for _ in 0..10 {
        qr(&mut s, 0, 4, 8, 12);
        qr(&mut s, 1, 5, 9, 13);
        qr(&mut s, 2, 6, 10, 14);
        qr(&mut s, 3, 7, 11, 15);
        qr(&mut s, 0, 5, 10, 15);
        qr(&mut s, 1, 6, 11, 12);
        qr(&mut s, 2, 7, 8, 13);
        qr(&mut s, 3, 4, 9, 14);
    }
    let mut out = [0u8; 64];
    for i in 0..16 {
        out[4 * i..4 * i + 4].copy_from_slice(&s[i].wrapping_add(init[i]).to_le_bytes());
    }
    out
}

fn naive_matrix(key: &[u8; 32], stream: u64, n: usize) -> Vec<i8> {
    let mut bytes = Vec::new();
    let mut counter = 0;
    while bytes.len() < n * n {
        bytes.extend_from_slice(&chacha20_block(key, counter, stream));
        counter += 1;
    }
    bytes[..n * n]
        .iter()
        .map(|&b| if b < 128 { b as i8 } else { (i16::from(b) - 256) as i8 })
        .collect()
}

fn naive_product(a: &[i8], b: &[i8], n: usize) -> Vec<i32> {
    let mut c = vec![0i32; n * n];
    for i in 0..n {
        for j in 0..n {
            let mut s = 0i64;
            for k in 0..n {
                s += i64::from(a[i * n + k]) * i64::from(b[k * n + j]);
            }
            c[i * n + j] = i32::try_from(s).unwrap();
        }
    }
    c
}

#[test]
fn matrices_match_an_independent_chacha20() {
    for (byte, n) in [(0, 1), (7, 7), (42, 64), (200, 33)] {
        let t = task(byte, n);
        let m = Matrices::derive(&t);
        let n = n as usize;
        assert_eq!(m.a(), naive_matrix(t.seed(), 0, n), "A, n = {n}");
        assert_eq!(m.b(), naive_matrix(t.seed(), 1, n), "B, n = {n}");
    }
}

#[test]
fn matrices_pinned_bytes() {
    // seed = 00 01 02 .. 1f; first 8 entries of A and B (regression pins).
    let m = Matrices::derive(&task(0, 16));
    assert_eq!(&m.a()[..8], &[57, -3, 43, 125, -39, -59, 25, 106]);
    assert_eq!(&m.b()[..8], &[47, -92, -15, 2, 80, -128, -114, -119]);
    // The golden digest recorded by the feasibility spike (spec/gpu-worker.md section 2):
    // blake3 of A's bytes for seed = blake3(1u64 LE), n = 128.
    let t = Task::new(*blake3::hash(&1u64.to_le_bytes()).as_bytes(), 128).unwrap();
    let bytes: Vec<u8> = Matrices::derive(&t).a().iter().map(|v| v.to_le_bytes()[0]).collect();
    assert_eq!(
        blake3::hash(&bytes).to_hex().as_str(),
        "ce22a2b6e7f30186194dfe61e7d9f98a5d3d9c3518c1e616ed77d18c3c4cf6a3"
    );
}

#[test]
fn single_rows_match_the_full_matrices() {
    for n in [1, 3, 7, 64] {
        let t = task(9, n);
        let m = Matrices::derive(&t);
        let un = n as usize;
        for i in 0..n {
            let iu = i as usize;
            assert_eq!(t.a_row(i).unwrap(), &m.a()[iu * un..(iu + 1) * un], "A row {i}, n = {n}");
            assert_eq!(t.b_row(i).unwrap(), &m.b()[iu * un..(iu + 1) * un], "B row {i}, n = {n}");
        }
    }
}

#[test]
fn task_id_binds_seed_and_size() {
    assert_ne!(task(1, 8).id(), task(2, 8).id());
    assert_ne!(task(1, 8).id(), task(1, 9).id());
    assert_eq!(task(1, 8).id(), task(1, 8).id());
    assert_eq!(task(1, 8).id().to_string().len(), 64);
}

#[test]
fn reference_product_equals_naive_triple_loop() {
    for n in [1, 2, 7, 33, 64] {
        let m = Matrices::derive(&task(3, n));
        let c = Product::reference(&m);
        assert_eq!(c.values(), naive_product(m.a(), m.b(), n as usize), "n = {n}");
    }
}

#[test]
fn extreme_entries_stay_exact() {
    // All entries -128 is the worst case: each C entry is n·2^14.
    let n = 64usize;
    let a = vec![-128i8; n * n];
    let c = naive_product(&a, &a, n);
    assert!(c.iter().all(|&v| v == (n as i32) << 14));
}

#[test]
fn canonical_bytes_are_little_endian_row_major() {
    let t = task(5, 2);
    let c = Product::new(&t, vec![1, -1, 0x0102_0304, i32::MIN]).unwrap();
    assert_eq!(c.to_le_bytes(), [1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 4, 3, 2, 1, 0, 0, 0, 0x80]);
    assert_eq!(c.row(1).unwrap(), &[0x0102_0304, i32::MIN]);
}

// ---- Freivalds

fn corrupt(c: &Product, at: usize, delta: i32) -> Product {
    let mut v = c.values().to_vec();
    v[at] = v[at].wrapping_add(delta);
    Product::new(c.task(), v).unwrap()
}

#[test]
fn freivalds_accepts_the_honest_product() {
    for n in [1, 7, 64] {
        let t = task(11, n);
        let c = Product::reference(&Matrices::derive(&t));
        let key = FreivaldsKey::new(&t, &[7; 32]);
        key.check_product(&c).unwrap();
        for i in 0..n {
            key.check_row(i, c.row(i).unwrap()).unwrap();
        }
    }
}

#[test]
fn freivalds_rejects_a_single_wrong_entry_anywhere() {
    let n = 48u32;
    let un = n as usize;
    let t = task(12, n);
    let c = Product::reference(&Matrices::derive(&t));
    let key = FreivaldsKey::new(&t, &[8; 32]);
    let last = un * un - 1;
    let positions = [0, un - 1, last - (un - 1), last, 5 * un + 17, un * (un / 2) + un / 3];
    for at in positions {
        for delta in [1, -1, 2, 1 << 30, i32::MIN] {
            let bad = corrupt(&c, at, delta);
            let row = (at / un) as u32;
            assert_eq!(
                key.check_product(&bad),
                Err(Rejection::ProductMismatch { row }),
                "at {at} delta {delta}"
            );
            assert_eq!(
                key.check_row(row, bad.row(row).unwrap()),
                Err(Rejection::RowMismatch { index: row })
            );
            // The other rows are untouched and still pass.
            let other = (row + 1) % n;
            key.check_row(other, bad.row(other).unwrap()).unwrap();
        }
    }
}

#[test]
fn freivalds_rejects_another_tasks_product() {
    let t = task(13, 16);
    let other = Product::reference(&Matrices::derive(&task(14, 16)));
    let key = FreivaldsKey::new(&t, &[9; 32]);
    assert!(matches!(
        key.check_product(&other),
        Err(Rejection::Malformed(TaskError::WrongTask { .. }))
    ));
    let relabelled = Product::new(&t, other.into_values()).unwrap();
    assert!(matches!(key.check_product(&relabelled), Err(Rejection::ProductMismatch { .. })));
}

#[test]
fn freivalds_rejects_malformed_rows() {
    let t = task(15, 8);
    let key = FreivaldsKey::new(&t, &[1; 32]);
    assert!(matches!(
        key.check_row(0, &[0; 7]),
        Err(Rejection::Malformed(TaskError::LengthMismatch { .. }))
    ));
    assert_eq!(
        key.check_row(8, &[0; 8]),
        Err(Rejection::Malformed(TaskError::RowOutOfRange { index: 8, n: 8 }))
    );
}

// ---- Merkle commitment

const HOTKEY: Hotkey = [0xaa; 32];

#[test]
fn every_row_opens_for_every_tree_shape() {
    for n in [1, 2, 3, 5, 7, 8, 9, 64] {
        let t = task(20, n);
        let c = Product::reference(&Matrices::derive(&t));
        let tree = MerkleTree::build(&c, &HOTKEY);
        for i in 0..n {
            let o = tree.open(&c, i).unwrap();
            o.verify(&tree.root(), &t, &HOTKEY).unwrap();
        }
    }
    // n = 1: the root is the leaf.
    let t = task(21, 1);
    let c = Product::reference(&Matrices::derive(&t));
    let tree = MerkleTree::build(&c, &HOTKEY);
    assert_eq!(tree.root(), leaf_hash(&t.id(), &HOTKEY, 0, c.row(0).unwrap()));
}

#[test]
fn openings_fail_for_another_task_hotkey_index_or_row() {
    let t = task(22, 16);
    let c = Product::reference(&Matrices::derive(&t));
    let tree = MerkleTree::build(&c, &HOTKEY);
    let root = tree.root();
    let o = tree.open(&c, 5).unwrap();
    o.verify(&root, &t, &HOTKEY).unwrap();
    let bad_path = Err(Rejection::BadPath { index: 5 });

    // Another task (other seed, same n), another hotkey.
    assert_eq!(o.verify(&root, &task(23, 16), &HOTKEY), bad_path);
    assert_eq!(o.verify(&root, &t, &[0xab; 32]), bad_path);
    // Another index with the same path length.
    let moved = RowOpening { index: 6, ..o.clone() };
    assert_eq!(moved.verify(&root, &t, &HOTKEY), Err(Rejection::BadPath { index: 6 }));
    // A tampered value, a tampered path.
    let mut tampered = o.clone();
    tampered.row[15] ^= 1;
    assert_eq!(tampered.verify(&root, &t, &HOTKEY), bad_path);
    let mut tampered = o.clone();
    tampered.path[3][0] ^= 1;
    assert_eq!(tampered.verify(&root, &t, &HOTKEY), bad_path);
    // Another root: the same rows committed under another hotkey.
    let other_root = MerkleTree::build(&c, &[0xab; 32]).root();
    assert_eq!(o.verify(&other_root, &t, &HOTKEY), bad_path);
}

#[test]
fn openings_with_wrong_sizes_are_malformed() {
    let t = task(24, 16);
    let c = Product::reference(&Matrices::derive(&t));
    let tree = MerkleTree::build(&c, &HOTKEY);
    let o = tree.open(&c, 3).unwrap();
    let malformed = |o: &RowOpening| {
        matches!(o.verify(&tree.root(), &t, &HOTKEY), Err(Rejection::Malformed(_)))
    };
    let mut short_row = o.clone();
    short_row.row.pop();
    assert!(malformed(&short_row));
    let mut short_path = o.clone();
    short_path.path.pop();
    assert!(malformed(&short_path));
    let mut long_path = o.clone();
    long_path.path.push([0; 32]);
    assert!(malformed(&long_path));
    assert!(malformed(&RowOpening { index: 16, ..o }));
    assert_eq!(tree.open(&c, 16).unwrap_err(), TaskError::RowOutOfRange { index: 16, n: 16 });
    // A task of another size (n = 17) cannot reuse the opening either.
    let o = tree.open(&c, 3).unwrap();
    assert!(o.verify(&tree.root(), &task(24, 17), &HOTKEY).is_err());
}

// ---- messages and the validator's check

fn honest_response(t: &Task, challenge: &Challenge) -> ([u8; 32], Openings) {
    let c = Product::reference(&Matrices::derive(t));
    let tree = MerkleTree::build(&c, &HOTKEY);
    let rows = challenge.rows.iter().map(|&i| tree.open(&c, i).unwrap()).collect();
    (tree.root(), Openings { task_id: t.id(), rows })
}

#[test]
fn verify_openings_accepts_honest_and_rejects_cheats() {
    let t = task(30, 64);
    let key = FreivaldsKey::new(&t, &[3; 32]);
    let challenge = Challenge::random(&t, 16, &[4; 32]).unwrap();
    challenge.validate(&t).unwrap();
    let (root, openings) = honest_response(&t, &challenge);
    verify_openings(&key, &HOTKEY, &root, &challenge, &openings).unwrap();

    // Lazy miner: committed to a C with one wrong value in a challenged row.
    let c = Product::reference(&Matrices::derive(&t));
    let row = challenge.rows[4];
    let bad = corrupt(&c, row as usize * 64 + 63, 1);
    let tree = MerkleTree::build(&bad, &HOTKEY);
    let rows = challenge.rows.iter().map(|&i| tree.open(&bad, i).unwrap()).collect();
    let lazy = Openings { task_id: t.id(), rows };
    assert_eq!(
        verify_openings(&key, &HOTKEY, &tree.root(), &challenge, &lazy),
        Err(Rejection::RowMismatch { index: row })
    );
    // Copier: another hotkey's honest openings against its own root.
    assert_eq!(
        verify_openings(&key, &[0xab; 32], &root, &challenge, &openings),
        Err(Rejection::BadPath { index: challenge.rows[0] })
    );
    // Wrong order, missing row.
    let mut swapped = openings.clone();
    swapped.rows.swap(0, 1);
    assert!(matches!(
        verify_openings(&key, &HOTKEY, &root, &challenge, &swapped),
        Err(Rejection::WrongRow { position: 0, .. })
    ));
    let mut short = openings.clone();
    short.rows.pop();
    assert_eq!(
        verify_openings(&key, &HOTKEY, &root, &challenge, &short),
        Err(Rejection::OpeningCount { expected: 16, got: 15 })
    );
    // Openings for another task id.
    let other = Openings { task_id: task(31, 64).id(), ..openings };
    assert!(matches!(
        verify_openings(&key, &HOTKEY, &root, &challenge, &other),
        Err(Rejection::Malformed(TaskError::WrongTask { .. }))
    ));
}

#[test]
fn challenges_are_distinct_in_range_and_bounded() {
    let t = task(40, 20);
    let ch = Challenge::random(&t, 20, &[1; 32]).unwrap();
    let mut rows = ch.rows.clone();
    rows.sort_unstable();
    assert_eq!(rows, (0..20).collect::<Vec<_>>());
    assert_ne!(
        Challenge::random(&t, 5, &[1; 32]).unwrap(),
        Challenge::random(&t, 5, &[2; 32]).unwrap()
    );
    assert!(matches!(Challenge::random(&t, 0, &[1; 32]), Err(TaskError::ChallengeSize { .. })));
    assert!(matches!(Challenge::random(&t, 21, &[1; 32]), Err(TaskError::ChallengeSize { .. })));
    let big = task(40, 1024);
    assert!(matches!(Challenge::random(&big, 257, &[1; 32]), Err(TaskError::ChallengeSize { .. })));

    let id = t.id();
    let bad = |rows: Vec<u32>| Challenge { task_id: id, rows }.validate(&t);
    assert_eq!(bad(vec![1, 2, 1]), Err(TaskError::DuplicateRow { index: 1 }));
    assert_eq!(bad(vec![20]), Err(TaskError::RowOutOfRange { index: 20, n: 20 }));
    assert!(matches!(bad(vec![]), Err(TaskError::ChallengeSize { got: 0, .. })));
    assert!(matches!(
        bad((0..300).map(|i| i % 20).collect()),
        Err(TaskError::ChallengeSize { .. })
    ));
    assert!(matches!(
        Challenge { task_id: task(41, 20).id(), rows: vec![0] }.validate(&t),
        Err(TaskError::WrongTask { .. })
    ));
}

#[test]
fn sizes_out_of_range_are_errors() {
    assert_eq!(Task::new([0; 32], 0), Err(TaskError::SizeOutOfRange { n: 0, max: MAX_N }));
    assert_eq!(
        Task::new([0; 32], MAX_N + 1),
        Err(TaskError::SizeOutOfRange { n: 4097, max: 4096 })
    );
    assert!(Task::new([0; 32], MAX_N).is_ok());
    let t = task(1, 4);
    assert_eq!(
        Product::new(&t, vec![0; 15]),
        Err(TaskError::LengthMismatch { what: "product", expected: 16, got: 15 })
    );
    assert_eq!(t.a_row(4), Err(TaskError::RowOutOfRange { index: 4, n: 4 }));
}

#[test]
fn messages_round_trip_and_reject_bad_sizes() {
    let t = task(50, 8);
    let msg = TaskMsg { task: t, deadline_ms: 2_000 };
    let json = serde_json::to_string(&msg).unwrap();
    assert_eq!(serde_json::from_str::<TaskMsg>(&json).unwrap(), msg);
    // A task of size 0 or 5000 does not deserialise.
    for n in [0, 5000] {
        let bad = json.replace("\"n\":8", &format!("\"n\":{n}"));
        assert!(serde_json::from_str::<TaskMsg>(&bad).is_err(), "n = {n}");
    }

    let mut commit = Commitment::unsigned(t.id(), HOTKEY, [5; 32]);
    let payload = commit.signing_payload();
    assert_eq!(payload.len(), 27 + 96);
    assert!(payload.starts_with(b"taochain/gpu-task/commit/v1"));
    assert_eq!(&payload[27..59], &t.id().0);
    assert_eq!(&payload[59..91], &HOTKEY);
    assert_eq!(&payload[91..], &[5; 32]);
    commit.signature = vec![1; 65];
    commit.validate(&t).unwrap();
    assert_eq!(payload, commit.signing_payload(), "the signature is not part of the payload");
    let back: Commitment = serde_json::from_str(&serde_json::to_string(&commit).unwrap()).unwrap();
    assert_eq!(back, commit);
    commit.signature = vec![1; MAX_SIGNATURE_LEN + 1];
    assert_eq!(commit.validate(&t), Err(TaskError::SignatureTooLong { got: 129, max: 128 }));
    assert!(matches!(
        Commitment::unsigned(task(51, 8).id(), HOTKEY, [5; 32]).validate(&t),
        Err(TaskError::WrongTask { .. })
    ));

    let challenge = Challenge::random(&t, 3, &[6; 32]).unwrap();
    let (_, openings) = honest_response(&t, &challenge);
    let back: Openings = serde_json::from_str(&serde_json::to_string(&openings).unwrap()).unwrap();
    assert_eq!(back, openings);
    let back: Challenge =
        serde_json::from_str(&serde_json::to_string(&challenge).unwrap()).unwrap();
    assert_eq!(back, challenge);
}
