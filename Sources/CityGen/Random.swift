// Random.swift — the generator's only source of randomness: a seeded xoshiro256** stream (seeded
// through SplitMix64) and a stateless 64-bit hash for per-slot decisions that two passes must agree on.
// Nothing here touches Foundation or the system generator, so a seed fixes every number.

/// SplitMix64: expands one 64-bit seed into well-mixed words; also the core of `Hash.mix`.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// xoshiro256** (Blackman & Vigna): fast, 256-bit state, good statistical quality.
struct Rng {
    private var s0, s1, s2, s3: UInt64

    /// A stream for `seed`; `stream` separates independent sequences drawn from one seed.
    init(seed: UInt64, stream: UInt64 = 0) {
        var sm = SplitMix64(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        s0 = sm.next(); s1 = sm.next(); s2 = sm.next(); s3 = sm.next()
    }

    mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// Uniform in [0, 1) with 53 random bits.
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform in [lo, hi).
    mutating func uniform(_ lo: Double, _ hi: Double) -> Double { lo + (hi - lo) * unit() }

    /// Uniform integer in lo...hi (inclusive); Lemire's multiply-shift, bias below 2^-32 for our ranges.
    mutating func int(_ lo: Int, _ hi: Int) -> Int {
        precondition(hi >= lo)
        let span = UInt64(hi - lo + 1)
        return lo + Int(next().multipliedFullWidth(by: span).high)
    }

    /// True with probability p.
    mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// Uniform integer in 0..<n.
    mutating func below(_ n: Int) -> Int { int(0, n - 1) }
}

/// Stateless hashing: the same inputs always give the same value, whatever was drawn before.
enum Hash {
    static func mix(_ a: UInt64, _ b: UInt64 = 0, _ c: UInt64 = 0, _ d: UInt64 = 0) -> UInt64 {
        var h = finalize(a)
        h = finalize(h ^ b)
        h = finalize(h ^ c)
        return finalize(h ^ d)
    }

    /// SplitMix64's output function applied to one word.
    @inline(__always) static func finalize(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1) from the hash of the inputs.
    static func unit(_ a: UInt64, _ b: UInt64 = 0, _ c: UInt64 = 0, _ d: UInt64 = 0) -> Double {
        Double(mix(a, b, c, d) >> 11) * 0x1.0p-53
    }
}
