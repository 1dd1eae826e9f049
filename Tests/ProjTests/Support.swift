// Support.swift — small helpers shared by the Proj tests: hex WKB and the area tolerance.

import Proj

/// Bytes from a hex string (as printed by shapely `to_wkb(..., hex=True)` or Python `bytes.hex()`).
func bytes(hex: String) -> [UInt8] {
    let digits = Array(hex.utf8)
    return stride(from: 0, to: digits.count - 1, by: 2).compactMap {
        UInt8(String(decoding: digits[$0 ... $0 + 1], as: UTF8.self), radix: 16)
    }
}

/// The tolerance the brief sets for areas: 1e-6 relative or 0.01 m², whichever is larger.
func areaMatches(_ value: Double, _ reference: Double) -> Bool {
    abs(value - reference) <= max(1e-6 * abs(reference), 0.01)
}

/// A closed ring from (lon, lat) pairs, closing vertex repeated.
func ring(_ points: [(Double, Double)]) -> [Double] {
    (points + points.prefix(1)).flatMap { [$0.0, $0.1] }
}

func polygonWKB(_ rings: [[Double]]) -> [UInt8] { WKB.encode(.polygon(rings)) }

/// A small deterministic generator (SplitMix64) for property tests.
struct SplitMix {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [low, high).
    mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * Double(next() >> 11) / Double(1 << 53)
    }
}
