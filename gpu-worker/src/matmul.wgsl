// taochain gpu-worker: exact C = A·B for n×n i8 matrices, i32 output.
//
// ap:  A row-major, each u32 packs 4 consecutive k (byte 0 = lowest k), rows padded to k4 words.
// btp: Bᵀ row-major (row j = column j of B), packed the same way.
// Each invocation computes a 4×4 block of C; a workgroup of 8×8 invocations covers 32×32.
// Integer arithmetic only, so the result is bit-identical to the CPU.

struct Params {
    n: u32,
    k4: u32,
    pad0: u32,
    pad1: u32,
}

@group(0) @binding(0) var<storage, read> ap: array<u32>;
@group(0) @binding(1) var<storage, read> btp: array<u32>;
@group(0) @binding(2) var<storage, read_write> c: array<i32>;
@group(0) @binding(3) var<uniform> params: Params;

// Four sign-extended i8 lanes of a packed word.
fn unpack(w: u32) -> vec4<i32> {
    let x = bitcast<i32>(w);
    return vec4<i32>((x << 24u) >> 24u, (x << 16u) >> 24u, (x << 8u) >> 24u, x >> 24u);
}

fn row4(a: vec4<i32>, b0: vec4<i32>, b1: vec4<i32>, b2: vec4<i32>, b3: vec4<i32>) -> vec4<i32> {
    return vec4<i32>(dot(a, b0), dot(a, b1), dot(a, b2), dot(a, b3));
}

@compute @workgroup_size(8, 8, 1)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
    let n = params.n;
    let k4 = params.k4;
    let row0 = gid.y * 4u;
    let col0 = gid.x * 4u;
    if (row0 >= n || col0 >= n) {
        return;
    }
    // Rows and columns past the edge read the last valid one; their results are not written.
    let last = n - 1u;
    let a0 = min(row0, last) * k4;
    let a1 = min(row0 + 1u, last) * k4;
    let a2 = min(row0 + 2u, last) * k4;
    let a3 = min(row0 + 3u, last) * k4;
    let b0 = min(col0, last) * k4;
    let b1 = min(col0 + 1u, last) * k4;
    let b2 = min(col0 + 2u, last) * k4;
    let b3 = min(col0 + 3u, last) * k4;
    var c0 = vec4<i32>(0);
    var c1 = vec4<i32>(0);
    var c2 = vec4<i32>(0);
    var c3 = vec4<i32>(0);
    for (var k = 0u; k < k4; k++) {
        let v0 = unpack(btp[b0 + k]);
        let v1 = unpack(btp[b1 + k]);
        let v2 = unpack(btp[b2 + k]);
        let v3 = unpack(btp[b3 + k]);
        c0 += row4(unpack(ap[a0 + k]), v0, v1, v2, v3);
        c1 += row4(unpack(ap[a1 + k]), v0, v1, v2, v3);
        c2 += row4(unpack(ap[a2 + k]), v0, v1, v2, v3);
        c3 += row4(unpack(ap[a3 + k]), v0, v1, v2, v3);
    }
    let rows = array<vec4<i32>, 4>(c0, c1, c2, c3);
    for (var r = 0u; r < 4u; r++) {
        let i = row0 + r;
        if (i < n) {
            for (var t = 0u; t < 4u; t++) {
                if (col0 + t < n) {
                    c[i * n + col0 + t] = rows[r][t];
                }
            }
        }
    }
}
