// WrapperBench: what the Swift `Geos` wrapper costs over calling the GEOS C API directly.
//
// The same operations on the same building-like polygons, once through `Geos` (Geometry, STRtree,
// PreparedGeometry: owning classes, typed throws, a Swift array per query) and once through `CGEOS`
// as a C programmer would call it (raw pointers, results into a reused buffer). Each benchmark runs
// in rounds, C and Swift alternating; the best round of each is reported (the machine is shared, so
// the minimum is the figure least disturbed by other load), with the median beside it.
//
//   swift run -c release WrapperBench [--buildings N] [--rounds R] [--scale S]
//
// Output: one line per operation: C ns/op, Swift ns/op, overhead % = (Swift − C) / C.
import CGEOS
import Foundation
import Geos

// MARK: - Options

var buildings = 20_000
var rounds = 7
var scale = 1.0
do {
    var args = CommandLine.arguments.dropFirst().makeIterator()
    while let a = args.next() {
        switch a {
        case "--buildings": buildings = Int(args.next() ?? "") ?? buildings
        case "--rounds": rounds = Int(args.next() ?? "") ?? rounds
        case "--scale": scale = Double(args.next() ?? "") ?? scale
        case "-h", "--help":
            print("usage: WrapperBench [--buildings N (20000)] [--rounds R (7)] [--scale S (1.0: iterations multiplier)]")
            exit(0)
        default:
            FileHandle.standardError.write("unknown argument \(a)\n".data(using: .utf8)!)
            exit(1)
        }
    }
}

// MARK: - Data: a grid of jittered rectangular buildings (metres), and for each a partly overlapping
// "after" version (shifted by 30–70 % of its width), as in a partial demolition.

struct LCG {
    var state: UInt64
    mutating func next() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53)
    }
}

var rng = LCG(state: 2016)
var shells: [[Double]] = []      // closed rings, interleaved x,y
var shifted: [[Double]] = []
let side = Int(Double(buildings).squareRoot().rounded(.up))
for i in 0..<buildings {
    let x0 = Double(i % side) * 25 + rng.next() * 3, y0 = Double(i / side) * 25 + rng.next() * 3
    let w = 8 + rng.next() * 10, h = 6 + rng.next() * 10
    shells.append([x0, y0, x0 + w, y0, x0 + w, y0 + h, x0, y0 + h, x0, y0])
    let dx = w * (0.3 + 0.4 * rng.next())
    shifted.append([x0 + dx, y0, x0 + w + dx, y0, x0 + w + dx, y0 + h, x0 + dx, y0 + h, x0 + dx, y0])
}
// And the kept 60 % of each building re-surveyed with ±5 cm of noise per coordinate (a partial
// demolition as the after survey shows it), from a second generator so the data above stay as they were.
var noise = LCG(state: 2017)
var kept: [[Double]] = []
for s in shells {
    let (x0, y0, w, h) = (s[0], s[1], s[2] - s[0], s[5] - s[1])
    var ring: [Double] = []
    for (x, y) in [(x0, y0), (x0 + 0.6 * w, y0), (x0 + 0.6 * w, y0 + h), (x0, y0 + h)] {
        ring += [x + (noise.next() - 0.5) * 0.1, y + (noise.next() - 0.5) * 0.1]
    }
    kept.append(ring + [ring[0], ring[1]])
}

let ctx = GeosContext()
let h = GEOS_init_r()!           // the C side's own context (GeosContext's handle is internal to Geos)
defer { finishGEOS_r(h) }

@MainActor func cPolygon(_ xy: [Double]) -> OpaquePointer {
    let seq = xy.withUnsafeBufferPointer { GEOSCoordSeq_copyFromBuffer_r(h, $0.baseAddress, UInt32(xy.count / 2), 0, 0)! }
    return GEOSGeom_createPolygon_r(h, GEOSGeom_createLinearRing_r(h, seq)!, nil, 0)!
}

let swiftA = try shells.map { try Geometry.polygon(shell: $0, context: ctx) }
let swiftB = try shifted.map { try Geometry.polygon(shell: $0, context: ctx) }
let swiftK = try kept.map { try Geometry.polygon(shell: $0, context: ctx) }
let cA = shells.map(cPolygon)
let cB = shifted.map(cPolygon)
let cK = kept.map(cPolygon)
defer { for g in cA + cB + cK { GEOSGeom_destroy_r(h, g) } }
let wkbs = swiftA.map(\.wkb)
var sink = 0.0

// MARK: - Timing

/// ns per operation of one call of `body` (`ops` operations per call).
@MainActor func timeOnce(_ ops: Int, _ body: () -> Double) -> Double {
    let t0 = DispatchTime.now().uptimeNanoseconds
    sink += body()
    let t1 = DispatchTime.now().uptimeNanoseconds
    return Double(t1 - t0) / Double(ops)
}

func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(1, n - s.count)) }

struct Row { let name: String; let c: (best: Double, median: Double); let swift: (best: Double, median: Double) }
var rows: [Row] = []

/// Runs the C and the Swift version of one operation alternately (one warm-up each first).
@MainActor func compare(_ name: String, ops: Int, c: () -> Double, swift: () -> Double) {
    sink += c() + swift()
    var cTimes: [Double] = [], sTimes: [Double] = []
    for _ in 0..<rounds {
        cTimes.append(timeOnce(ops, c))
        sTimes.append(timeOnce(ops, swift))
    }
    cTimes.sort(); sTimes.sort()
    let row = Row(name: name, c: (cTimes[0], cTimes[cTimes.count / 2]), swift: (sTimes[0], sTimes[sTimes.count / 2]))
    rows.append(row)
    print(pad(name, 36) + String(format: "%10.1f %10.1f %10.1f %10.1f %+9.1f%%", row.c.best, row.swift.best,
                                 row.c.median, row.swift.median, 100 * (row.swift.best - row.c.best) / row.c.best))
}

let n = buildings
let repeatCheap = max(1, Int(50 * scale))     // cheap operations are repeated over the whole array
let repeatOverlay = max(1, Int(2 * scale))

print("GEOS \(GeosContext.version) · \(n) buildings · best of \(rounds) rounds (C and Swift alternating) · load average \(String((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"))")
print(pad("operation (ns/op)", 36) + ["C best", "Swift best", "C median", "Swift med.", "overhead"].map { String(repeating: " ", count: 10 - $0.count) + $0 }.joined(separator: " "))

// 1. Area of a polygon: GEOSArea_r against Geometry.area() (typed throws, status check).
//    A call per geometry: Swift retains and releases each element of the array around the opaque C
//    call (visible in the disassembly; the same in a function taking the array as a parameter).
compare("area", ops: n * repeatCheap, c: {
    var s = 0.0, v = 0.0
    for _ in 0..<repeatCheap { for g in cA { GEOSArea_r(h, g, &v); s += v } }
    return s
}, swift: {
    var s = 0.0
    for _ in 0..<repeatCheap { for g in swiftA { s += try! g.area() } }
    return s
})
//    The whole array in one call, into an array of areas on both sides: Geometry.areas(of:) borrows
//    each element instead.
compare("area, an array at once", ops: n * repeatCheap, c: {
    var s = 0.0
    var out = [Double](repeating: 0, count: cA.count)
    for _ in 0..<repeatCheap {
        out.withUnsafeMutableBufferPointer { o in for (i, g) in cA.enumerated() { GEOSArea_r(h, g, &o[i]) } }
        s += out.reduce(0, +)
    }
    return s
}, swift: {
    var s = 0.0
    for _ in 0..<repeatCheap { s += try! Geometry.areas(of: swiftA).reduce(0, +) }
    return s
})

/// An overlay of each building with its partner in `cOthers` / `swiftOthers`, the result measured and
/// freed: the GEOS C function (`GEOSGeom_destroy_r` after) against the `Geometry` method (an owning
/// Geometry made and released).
@MainActor func compareOverlay(_ name: String, _ cOthers: [OpaquePointer], _ swiftOthers: [Geometry],
                               c overlay: (OpaquePointer, OpaquePointer) -> OpaquePointer?,
                               swift method: (Geometry, Geometry) throws -> Geometry) {
    compare(name, ops: n * repeatOverlay, c: {
        var s = 0.0, v = 0.0
        for _ in 0..<repeatOverlay {
            for i in 0..<n {
                let r = overlay(cA[i], cOthers[i])!
                GEOSArea_r(h, r, &v); s += v
                GEOSGeom_destroy_r(h, r)
            }
        }
        return s
    }, swift: {
        var s = 0.0
        for _ in 0..<repeatOverlay { for i in 0..<n { s += try! method(swiftA[i], swiftOthers[i]).area() } }
        return s
    })
}

// 2. Intersection of two polygons: GEOSIntersection_r + GEOSArea_r + GEOSGeom_destroy_r against
//    a.intersection(b).area().
compareOverlay("intersection (+ area, free)", cB, swiftB, c: { GEOSIntersection_r(h, $0, $1) }, swift: { try $0.intersection($1) })

// 3. STRtree: insert every building's envelope, then query with each building (the tree is built on
//    the first query). C: items are pointer-sized integers, results go into a reused buffer.
//    Swift: STRtree.insert / STRtree.query(Geometry) → [Int], sorted (what Parcels consumes).
final class Hits { var items = [Int](repeating: 0, count: 256); var count = 0 }
let hits = Hits()
compare("STRtree insert+query (per building)", ops: n, c: {
    let tree = GEOSSTRtree_create_r(h, 10)!
    for (i, g) in cA.enumerated() { GEOSSTRtree_insert_r(h, tree, g, UnsafeMutableRawPointer(bitPattern: i + 1)) }
    var total = 0
    let box = Unmanaged.passUnretained(hits).toOpaque()
    for g in cA {
        hits.count = 0
        GEOSSTRtree_query_r(h, tree, g, { item, userdata in
            let hits = Unmanaged<Hits>.fromOpaque(userdata!).takeUnretainedValue()
            if hits.count < hits.items.count { hits.items[hits.count] = Int(bitPattern: item) - 1 }
            hits.count += 1
        }, box)
        total += hits.count
    }
    GEOSSTRtree_destroy_r(h, tree)
    return Double(total)
}, swift: {
    let tree = Geos.STRtree(context: ctx)
    for (i, g) in swiftA.enumerated() { tree.insert(g, item: i) }
    var total = 0
    for g in swiftA { total += tree.query(g).count }
    return Double(total)
})

// 3b. The same with an envelope query (a rectangle made per query), as Parcels' IndexedLayer does.
let envelopes = swiftA.map { $0.envelope! }
compare("STRtree insert+query(Envelope)", ops: n, c: {
    let tree = GEOSSTRtree_create_r(h, 10)!
    for (i, e) in envelopes.enumerated() {
        // Insert by envelope: a rectangle per item, as STRtree.insert(_ e: Envelope) does.
        let r = GEOSGeom_createRectangle_r(h, e.minX, e.minY, e.maxX, e.maxY)!
        GEOSSTRtree_insert_r(h, tree, r, UnsafeMutableRawPointer(bitPattern: i + 1))
        GEOSGeom_destroy_r(h, r)
    }
    var total = 0
    let box = Unmanaged.passUnretained(hits).toOpaque()
    for e in envelopes {
        hits.count = 0
        let r = GEOSGeom_createRectangle_r(h, e.minX, e.minY, e.maxX, e.maxY)!
        GEOSSTRtree_query_r(h, tree, r, { item, userdata in
            let hits = Unmanaged<Hits>.fromOpaque(userdata!).takeUnretainedValue()
            if hits.count < hits.items.count { hits.items[hits.count] = Int(bitPattern: item) - 1 }
            hits.count += 1
        }, box)
        GEOSGeom_destroy_r(h, r)
        total += hits.count
    }
    GEOSSTRtree_destroy_r(h, tree)
    return Double(total)
}, swift: {
    let tree = Geos.STRtree(context: ctx)
    for (i, e) in envelopes.enumerated() { try! tree.insert(e, item: i) }
    var total = 0
    for e in envelopes { total += try! tree.query(e).count }
    return Double(total)
})

// 4. WKB read (how Parcels hands geometries between workers): GEOSWKBReader_read_r + destroy
//    against Geometry(wkb:context:).
let reader = GEOSWKBReader_create_r(h)!
defer { GEOSWKBReader_destroy_r(h, reader) }
compare("WKB read (+ free)", ops: n * repeatOverlay * 5, c: {
    var s = 0.0
    for _ in 0..<(repeatOverlay * 5) {
        for w in wkbs {
            let g = w.withUnsafeBufferPointer { GEOSWKBReader_read_r(h, reader, $0.baseAddress, $0.count)! }
            s += Double(GEOSGetNumCoordinates_r(h, g))
            GEOSGeom_destroy_r(h, g)
        }
    }
    return s
}, swift: {
    var s = 0.0
    for _ in 0..<(repeatOverlay * 5) { for w in wkbs { s += Double(try! Geometry(wkb: w, context: ctx).numCoordinates) } }
    return s
})

// 5. Prepared intersects against one large polygon (a district): GEOSPreparedIntersects_r against
//    PreparedGeometry.intersects.
let district = shells.prefix(side * side / 2).reduce(into: (minX: Double.infinity, minY: Double.infinity, maxX: -Double.infinity, maxY: -Double.infinity)) { e, r in
    e.minX = min(e.minX, r[0]); e.minY = min(e.minY, r[1]); e.maxX = max(e.maxX, r[4]); e.maxY = max(e.maxY, r[5])
}
let districtRing: [Double] = {
    // A 64-vertex ring around half the grid (a district is not a rectangle).
    let cx = (district.minX + district.maxX) / 2, cy = (district.minY + district.maxY) / 2
    let rx = (district.maxX - district.minX) / 2, ry = (district.maxY - district.minY) / 2
    var xy: [Double] = []
    for k in 0..<64 { let t = Double(k) / 64 * 2 * Double.pi; xy += [cx + rx * cos(t), cy + ry * sin(t)] }
    return xy + [xy[0], xy[1]]
}()
let cDistrict = cPolygon(districtRing)
let cPrepared = GEOSPrepare_r(h, cDistrict)!
defer { GEOSPreparedGeom_destroy_r(h, cPrepared); GEOSGeom_destroy_r(h, cDistrict) }
let swiftPrepared = try Geometry.polygon(shell: districtRing, context: ctx).prepared()
compare("prepared intersects", ops: n * repeatCheap, c: {
    var s = 0.0
    for _ in 0..<repeatCheap { for g in cA where GEOSPreparedIntersects_r(h, cPrepared, g) == 1 { s += 1 } }
    return s
}, swift: {
    var s = 0.0
    for _ in 0..<repeatCheap { for g in swiftA where try! swiftPrepared.intersects(g) { s += 1 } }
    return s
})

// 6. Difference of a building and its re-surveyed kept part (the cleared land of a partial demolition,
//    slivers included): GEOSDifference_r against Geometry.difference.
compareOverlay("difference (+ area, free)", cK, swiftK, c: { GEOSDifference_r(h, $0, $1) }, swift: { try $0.difference($1) })

// 7. The opening's erosion of those differences: a mitred buffer of −5 cm (flat caps, mitre limit 5).
let cDiff = (0..<n).map { GEOSDifference_r(h, cA[$0], cK[$0])! }
defer { cDiff.forEach { GEOSGeom_destroy_r(h, $0) } }
let swiftDiff = (0..<n).map { try! swiftA[$0].difference(swiftK[$0]) }
compare("mitred buffer −0.05 (+ area, free)", ops: n * repeatOverlay, c: {
    var s = 0.0, v = 0.0
    for _ in 0..<repeatOverlay {
        for g in cDiff {
            let r = GEOSBufferWithStyle_r(h, g, -0.05, 8, Int32(GEOSBUF_CAP_FLAT.rawValue), Int32(GEOSBUF_JOIN_MITRE.rawValue), 5)!
            GEOSArea_r(h, r, &v); s += v
            GEOSGeom_destroy_r(h, r)
        }
    }
    return s
}, swift: {
    var s = 0.0
    for _ in 0..<repeatOverlay { for g in swiftDiff { s += try! g.mitredBuffer(-0.05).area() } }
    return s
})

print("(checksum \(sink))")
