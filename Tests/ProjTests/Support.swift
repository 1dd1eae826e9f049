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
