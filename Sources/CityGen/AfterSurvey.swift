// AfterSurvey.swift — what happened to each before building, and the after survey that shows it.
// Fates: unchanged (every vertex re-surveyed with independent uniform noise of ±5 cm per axis),
// demolished, partly demolished (cut by a line parallel to a side at 30–70 %; the kept part
// re-surveyed with noise), split in two adjacent parts, or merged with its neighbour (pairs made in
// the before survey). Digitised-twice copies are added to the before survey here (of unchanged
// buildings, so they never touch cleared land). New structures: those on open land made with the
// before survey, and "rebuilt" ones placed fully inside the footprint of a demolished building.
// The exact cleared pieces (demolished footprints, removed parts, minus rebuilt) are recorded for
// the truth and the claims.

import Foundation

/// A piece of land whose area enters the truth: + for cleared land, − for land re-covered by a rebuild.
struct ClearedPiece {
    var building: Int32        // before-survey index
    var district: UInt8
    var sign: Int8             // +1 cleared, −1 rebuilt on cleared land
    var excluded: Bool
    var landUse: LandUse?
    var kind: Kind
    enum Kind: UInt8 { case footprint, removedPart, rebuilt, boundaryPart }
}

struct AfterFeature {
    var id: Int32              // building number: the before number for kept buildings, new numbers after n
    var floors: UInt8
    var district: UInt8
}

struct AfterSurvey {
    var rings = RingStore()
    var features: [AfterFeature] = []
    var pieces = RingStore()
    var pieceInfo: [ClearedPiece] = []
    /// For each partly demolished building: the index of its removed part in `pieces`.
    var removedPart: [Int: Int] = [:]
    var rebuiltOn: [Int] = []          // for each rebuilt structure: the demolished building under it
    var rebuiltCount = 0
    var newOnOpenLand = 0

    static let noise = 0.05
    /// Whether unchanged buildings were re-drawn (see `init`).
    let redrawn: Bool

    /// With `redraw`, every unchanged building is drawn as another surveyor would draw it (see
    /// `redrawing`); everything else, and every figure of the truth, is the same as without.
    init(before: inout BeforeSurvey, layout: Layout, seed: UInt64, redraw: Bool = false) {
        var rng = Rng(seed: seed, stream: 3)
        var noiseRng = Rng(seed: seed, stream: 4)
        redrawn = redraw
        var redrawRng = Rng(seed: seed, stream: 6)      // its own stream: the other fates stay the same
        func jitter(_ p: Vec2) -> Vec2 {
            p + Vec2(noiseRng.uniform(-Self.noise, Self.noise), noiseRng.uniform(-Self.noise, Self.noise))
        }
        // The same outline, re-surveyed with noise, then started from a random corner, either way
        // round, with one more vertex somewhere along one wall (itself within the noise): the same
        // building, but not vertex for vertex.
        func redrawing(_ ring: [Vec2]) -> [Vec2] {
            var r = ring.map(jitter)
            let wall = redrawRng.int(0, ring.count - 1), t = redrawRng.uniform(0.25, 0.75)
            let (a, b) = (ring[wall], ring[(wall + 1) % ring.count])
            let onWall = Vec2(a.x + t * (b.x - a.x), a.y + t * (b.y - a.y))
            r.insert(onWall + Vec2(redrawRng.uniform(-Self.noise, Self.noise), redrawRng.uniform(-Self.noise, Self.noise)), at: wall + 1)
            let start = redrawRng.int(0, r.count - 1)
            r = Array(r[start...] + r[..<start])
            return redrawRng.unit() < 0.5 ? r.reversed() : r
        }
        let n = before.records.count + before.copiesToMake
        func appendCopy(of i: Int) {
            var rec = before.records[i]
            rec.origin = .copy
            rec.fate = .copy
            rec.partner = Int32(i)
            before.records[i].partner = Int32(before.records.count)
            before.add(before.rings.ring(i).map(jitter), rec)
        }
        func addPiece(_ ring: [Vec2], _ i: Int, _ r: BuildingRecord, district: Int, sign: Int8, kind: ClearedPiece.Kind) {
            pieces.append(ring)
            pieceInfo.append(ClearedPiece(building: Int32(i), district: UInt8(district), sign: sign,
                                          excluded: r.excluded, landUse: r.landUse, kind: kind))
        }

        // Fates.
        for i in before.records.indices {
            let r = before.records[i]
            let u = rng.unit()
            let fate: Fate
            switch r.origin {
            case .parcel where r.partner >= 0: fate = .merged
            case .parcel: fate = u < 0.15 ? .demolished : (u < 0.20 ? .partial : (u < 0.23 ? .split : .unchanged))
            case .road, .river: fate = u < 0.4 ? .demolished : (u < 0.5 ? .partial : .unchanged)
            case .boundary: fate = u < 0.5 ? .demolished : .unchanged
            case .copy: fate = .copy
            }
            before.records[i].fate = fate
        }

        // Digitised-twice copies of unchanged rectangles in parcels, appended to the before survey.
        let originals = before.records.count
        var hasCopy = Set<Int>()
        var attempts = 0
        while hasCopy.count < before.copiesToMake && attempts < 1000 * (before.copiesToMake + 1) {
            attempts += 1
            let i = rng.below(originals)
            let r = before.records[i]
            guard r.fate == .unchanged, r.origin == .parcel, r.shape == .rectangle, !hasCopy.contains(i) else { continue }
            hasCopy.insert(i)
            appendCopy(of: i)
        }
        // Practically unreachable: too few unchanged rectangles; any building not yet copied will do
        // (kept unchanged, so the copy still never touches cleared land).
        var k = 0
        while hasCopy.count < before.copiesToMake && k < originals {
            if !hasCopy.contains(k), before.records[k].fate != .merged {
                before.records[k].fate = .unchanged
                hasCopy.insert(k)
                appendCopy(of: k)
            }
            k += 1
        }
        precondition(before.records.count == n)

        // The after survey, in before order; new structures on open land at the end.
        var nextID = Int32(n + 1)
        rings.reserve(rings: n, points: 5 * n)
        features.reserveCapacity(n)
        for i in 0..<originals {
            let r = before.records[i]
            let ring = before.rings.ring(i)
            switch r.fate {
            case .unchanged:
                rings.append(redraw ? redrawing(ring) : ring.map(jitter))
                features.append(AfterFeature(id: Int32(i + 1), floors: r.floors, district: r.district))
            case .copy:
                break
            case .merged:
                if r.partner > Int32(i), let whole = before.pairOutline[i] {
                    rings.append(whole.map(jitter))
                    features.append(AfterFeature(id: Int32(i + 1), floors: max(r.floors, before.records[Int(r.partner)].floors), district: r.district))
                }
            case .demolished:
                if r.origin == .boundary, let (line, left, right) = before.boundaryLines[i] {
                    let (l, rt) = Planar.split(ring, by: line)
                    addPiece(l, i, r, district: left, sign: 1, kind: .boundaryPart)
                    addPiece(rt, i, r, district: right, sign: 1, kind: .boundaryPart)
                } else {
                    addPiece(ring, i, r, district: Int(r.district), sign: 1, kind: .footprint)
                }
                // A rebuild: a smaller structure fully inside the cleared footprint.
                if r.shape == .rectangle, r.origin == .parcel, rng.chance(0.2) {
                    let f = Self.frame(of: ring)
                    let ra = max(3, rng.uniform(0.3, 0.65) * f.a), rb = max(3, rng.uniform(0.4, 0.65) * f.b)
                    if f.a >= ra + 2, f.b >= rb + 2 {
                        let s = rng.uniform(1, f.a - ra - 1), t = rng.uniform(1, f.b - rb - 1)
                        let inner = Frame(origin: f.at(s, t), e1: f.e1, a: ra, b: rb).rectangle
                        rings.append(inner)
                        features.append(AfterFeature(id: nextID, floors: UInt8(rng.int(1, 3)), district: r.district))
                        nextID += 1
                        addPiece(inner, i, r, district: Int(r.district), sign: -1, kind: .rebuilt)
                        rebuiltOn.append(i)
                        rebuiltCount += 1
                    }
                }
            case .partial:
                let (line, _) = Self.cutLine(ring, shape: r.shape, &rng)
                let (l, rt) = Planar.split(ring, by: line)
                let keepLeft = rng.chance(0.5)
                let kept = keepLeft ? l : rt, removed = keepLeft ? rt : l
                rings.append(kept.map(jitter))
                features.append(AfterFeature(id: Int32(i + 1), floors: r.floors, district: r.district))
                removedPart[i] = pieces.count
                addPiece(removed, i, r, district: Int(r.district), sign: 1, kind: .removedPart)
            case .split:
                let (line, _) = Self.cutLine(ring, shape: r.shape, &rng)
                let (l, rt) = Planar.split(ring.map(jitter), by: line, cut: jitter)
                rings.append(l)
                features.append(AfterFeature(id: Int32(i + 1), floors: r.floors, district: r.district))
                rings.append(rt)
                features.append(AfterFeature(id: nextID, floors: r.floors, district: r.district))
                nextID += 1
            }
        }
        for k in 0..<before.newRings.count {
            rings.append(before.newRings.ring(k))
            features.append(AfterFeature(id: nextID, floors: before.newStructures[k].floors, district: before.newStructures[k].district))
            nextID += 1
        }
        newOnOpenLand = before.newRings.count

    }

    /// The bounding frame of a rectangle or an L built by `Frame` (ring[0] is the origin corner).
    static func frame(of ring: [Vec2]) -> Frame {
        let e = ring[1] - ring[0], f = ring[ring.count - 1] - ring[0]
        return Frame(origin: ring[0], e1: e.unit, a: e.length, b: f.length)
    }

    /// A cut parallel to a side at 30–70 % of the other side (kept clear of an L's inner corner).
    static func cutLine(_ ring: [Vec2], shape: Shape, _ rng: inout Rng) -> (Line, Double) {
        let f = frame(of: ring)
        let alongA = rng.chance(0.5)
        var frac = rng.uniform(0.3, 0.7)
        if shape == .lShape {
            let inner = ring[3] - ring[0]
            let notch = alongA ? inner.dot(f.e1) : inner.dot(f.e2)
            let side = alongA ? f.a : f.b
            for _ in 0..<20 where abs(frac * side - notch) < 0.5 { frac = rng.uniform(0.3, 0.7) }
        }
        if alongA { return (Line(p: f.at(frac * f.a, 0), d: f.e2), frac) }
        return (Line(p: f.at(0, frac * f.b), d: f.e1 * -1), frac)
    }
}
