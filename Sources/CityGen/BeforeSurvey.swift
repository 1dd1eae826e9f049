// BeforeSurvey.swift — the before-survey buildings. Most stand in building slots: each parcel is
// cut into a grid of slots and a building (a rotated rectangle, sometimes an L) is fitted inside a
// slot with a clearance, so buildings in parcels never overlap. Exactly `buildings` footprints are
// made: a first pass counts the usable slots (and tunes the slot size so there are enough), a
// second pass picks slots by sequential selection sampling, which hits the count exactly. A few
// special buildings stand outside parcels: illegal structures in roads and in the river (on
// exclusion land), and buildings straddling a district boundary (inside the boundary road, 70/30
// across the line). Adjacent pairs (merged in the after survey) are made here; the digitised-twice
// copies are only counted here and added by the after-survey stage, which knows which buildings stay.

import Foundation

enum Origin: UInt8 { case parcel, road, river, boundary, copy }
enum Fate: UInt8 { case unchanged, demolished, partial, split, merged, copy }
enum Shape: UInt8 { case rectangle, lShape, other }

struct BuildingRecord {
    var shape: Shape
    var origin: Origin
    var fate: Fate = .unchanged
    var floors: UInt8
    var district: UInt8          // the district holding it (the larger part, for boundary buildings)
    var excluded: Bool           // stands on exclusion land (road, river, protected area)
    var landUse: LandUse?        // of its parcel
    var parcel: Int32            // −1 outside parcels
    var partner: Int32 = -1      // the other half of a merged pair, or the original of a copy
}

/// A new structure on open land (an unused slot), generated alongside the before survey.
struct NewStructure {
    var district: UInt8
    var floors: UInt8
}

struct BeforeSurvey {
    var rings = RingStore()
    var records: [BuildingRecord] = []
    var newRings = RingStore()
    var newStructures: [NewStructure] = []
    /// For each merged pair (keyed by its first index): the outline of the whole pair.
    var pairOutline: [Int: [Vec2]] = [:]
    /// The factor applied to the nominal slot sizes so that the slots suit the requested count.
    var slotScale = 1.0
    /// How many digitised-twice copies the change stage must add to reach the requested count.
    var copiesToMake = 0

    /// For each boundary building: the boundary line through it and the districts left and right of it.
    var boundaryLines: [Int: (Line, Int, Int)] = [:]

    static let slotClearance = 1.5

    mutating func add(_ ring: [Vec2], _ record: BuildingRecord) {
        rings.append(ring)
        records.append(record)
    }

    init(layout: Layout, seed: UInt64, buildings n: Int, newOnOpenLand: Int) throws {
        var rng = Rng(seed: seed, stream: 2)
        let copies = n >= 100 ? max(2, n / 600) : 0
        var budget = n / 5
        func quota(_ q: Int) -> Int { let k = min(q, budget); budget -= k; return k }
        let roadQuota = quota(n / 200), riverQuota = quota(n / 500), boundaryQuota = quota(n >= 50 ? n / 300 + 2 : 0)

        rings.reserve(rings: n, points: n * 5)
        records.reserveCapacity(n)
        placeRoadStructures(layout, roadQuota, &rng)
        placeRiverStructures(layout, riverQuota, &rng)
        placeBoundaryStructures(layout, boundaryQuota, &rng)

        let inSlots = n - records.count - copies
        let target = inSlots + newOnOpenLand
        // Pass 1: tune the slot scale until the usable slots exceed the demand comfortably.
        var scale = 1.0
        var capacity = 0
        for _ in 0..<8 {
            capacity = Self.countSlots(layout, seed: seed, scale: scale)
            let ratio = Double(capacity) / (1.35 * Double(max(target, 1)))
            if capacity >= Int(1.2 * Double(target)) && capacity <= Int(1.6 * Double(target)) + 20 { break }
            let next = max(0.3, min(4, scale * ratio.squareRoot()))
            if next == scale { break }
            scale = next
        }
        guard capacity >= target else {
            throw CityGenError("\(n) buildings do not fit the city (room for about \(capacity - newOnOpenLand - copies))")
        }
        slotScale = scale

        // Pass 2: sequential selection: each usable slot becomes a before building (or a pair),
        // a new structure, or stays open, so that the totals come out exactly.
        var remaining = capacity, needBefore = inSlots, needNew = newOnOpenLand
        Self.forEachSlot(layout, seed: seed, scale: scale) { parcelIndex, parcel, slot, isPair in
            defer { remaining -= 1 }
            let role: Int
            if needBefore + needNew >= remaining {
                role = needBefore > 0 ? 1 : 2
            } else {
                let r = rng.below(remaining)
                role = r < needBefore ? 1 : (r < needBefore + needNew ? 2 : 0)
            }
            if role == 1 {
                let pair = isPair && needBefore >= 2
                let floors = Self.floors(parcel.landUse, &rng)
                let rec = BuildingRecord(shape: .rectangle, origin: .parcel, floors: floors, district: UInt8(parcel.district),
                                         excluded: parcel.protected, landUse: parcel.landUse, parcel: Int32(parcelIndex))
                if pair, let (whole, first, second) = Self.makePair(in: slot, &rng) {
                    let i = records.count
                    pairOutline[i] = whole
                    var r1 = rec, r2 = rec
                    r1.shape = .other; r2.shape = .other
                    r1.partner = Int32(i + 1); r2.partner = Int32(i)
                    add(first, r1)
                    add(second, r2)
                    needBefore -= 2
                } else {
                    let (ring, shape) = Self.makeBuilding(in: slot, use: parcel.landUse, &rng)
                    var r = rec
                    r.shape = shape
                    add(ring, r)
                    needBefore -= 1
                }
            } else if role == 2 {
                let (ring, _) = Self.makeBuilding(in: slot, use: parcel.landUse, &rng)
                newRings.append(ring)
                newStructures.append(NewStructure(district: UInt8(parcel.district), floors: Self.floors(parcel.landUse, &rng)))
                needNew -= 1
            }
        }
        precondition(needBefore == 0 && needNew == 0, "slot selection missed its target")
        copiesToMake = copies
    }

    // MARK: slots

    /// Slots of a parcel: a grid of sub-quads about `landUse.slotSize × scale` metres across.
    static func slotGrid(_ parcel: Parcel, scale: Double) -> (Int, Int) {
        let size = max(14, parcel.landUse.slotSize * scale)
        return (max(1, Int(parcel.quad.lengthU / size)), max(1, Int(parcel.quad.lengthV / size)))
    }

    /// Visits every usable slot in a fixed order: (parcel index, parcel, slot quad, is a pair slot).
    /// A slot is usable when its hash falls under the land use's occupancy and a 6 m square fits in it.
    static func forEachSlot(_ layout: Layout, seed: UInt64, scale: Double, _ body: (Int, Parcel, Quad, Bool) -> Void) {
        for (pi, parcel) in layout.parcels.enumerated() {
            let (ns, nt) = slotGrid(parcel, scale: scale)
            let occupancy = parcel.landUse.occupancy
            for t in 0..<nt {
                for s in 0..<ns {
                    let key = UInt64(t * ns + s)
                    guard Hash.unit(seed, 0xE1, UInt64(pi), key) < occupancy else { continue }
                    let slot = parcel.quad.sub(Double(s) / Double(ns), Double(s + 1) / Double(ns),
                                               Double(t) / Double(nt), Double(t + 1) / Double(nt))
                    guard minimalFits(slot) else { continue }
                    let pairable = parcel.landUse == .residential || parcel.landUse == .commercial
                    body(pi, parcel, slot, pairable && Hash.unit(seed, 0xA1, UInt64(pi), key) < 0.02)
                }
            }
        }
    }

    static func countSlots(_ layout: Layout, seed: UInt64, scale: Double) -> Int {
        var c = 0
        forEachSlot(layout, seed: seed, scale: scale) { _, _, _, _ in c += 1 }
        return c
    }

    /// Unit vector along the slot's first side.
    static func axis(_ q: Quad) -> Vec2 { (q.b - q.a).unit }

    static func minimalFits(_ slot: Quad) -> Bool {
        let f = Frame(center: slot.center, direction: axis(slot), a: 6, b: 6)
        return Planar.inside(f.rectangle, convex: slot, clearance: slotClearance)
    }

    // MARK: shapes

    static func floors(_ use: LandUse?, _ rng: inout Rng) -> UInt8 {
        switch use {
        case .residential: UInt8(rng.int(2, 6))
        case .commercial: UInt8(rng.int(1, 6))
        case .industrial: UInt8(rng.int(1, 3))
        default: UInt8(rng.int(1, 2))
        }
    }

    /// A building fitted in the slot: sides 6–60 m, rotated a little or more, sometimes an L.
    static func makeBuilding(in slot: Quad, use: LandUse, _ rng: inout Rng) -> ([Vec2], Shape) {
        let w = slot.lengthU - 2 * slotClearance, h = slot.lengthV - 2 * slotClearance
        let small = use == .arable || use == .green
        let lo = small ? 0.2 : 0.5, hi = small ? 0.55 : 0.95, cap = small ? 25.0 : 60.0
        var a = max(6, min(cap, rng.uniform(lo, hi) * w))
        var b = max(6, min(cap, rng.uniform(lo, hi) * h))
        let base = axis(slot)
        let direction = base.rotated(rng.chance(0.7) ? rng.uniform(-0.03, 0.03) : rng.uniform(-0.25, 0.25))
        var offset = Vec2(rng.uniform(-0.4, 0.4) * max(0, w - a), rng.uniform(-0.4, 0.4) * max(0, h - b))
        let wantL = rng.chance(0.15)
        let fa = rng.uniform(0.4, 0.7), fb = rng.uniform(0.4, 0.7)
        let u = base, v = u.left
        for _ in 0..<12 {
            let f = Frame(center: slot.center + u * offset.x + v * offset.y, direction: direction, a: a, b: b)
            let isL = wantL && a >= 15 && b >= 15
            let ring = isL ? f.lShape(a1: fa * a, b1: fb * b) : f.rectangle
            if Planar.inside(ring, convex: slot, clearance: slotClearance) { return (ring, isL ? .lShape : .rectangle) }
            a = max(6, a * 0.88); b = max(6, b * 0.88)
            offset = offset * 0.5
        }
        return (Frame(center: slot.center, direction: base, a: 6, b: 6).rectangle, .rectangle)
    }

    /// Two rectangles sharing a side (a row of two houses), or nil if the slot is too small.
    static func makePair(in slot: Quad, _ rng: inout Rng) -> ([Vec2], [Vec2], [Vec2])? {
        let w = slot.lengthU - 2 * slotClearance, h = slot.lengthV - 2 * slotClearance
        let a = min(60, rng.uniform(0.7, 0.95) * w), b = max(6, min(40, rng.uniform(0.5, 0.9) * h))
        guard a >= 18 else { return nil }
        let f = Frame(center: slot.center, direction: axis(slot), a: a, b: b)
        let whole = f.rectangle
        guard Planar.inside(whole, convex: slot, clearance: slotClearance) else { return nil }
        let cut = Line(p: f.at(rng.uniform(0.4, 0.6) * a, 0), d: f.e2)
        let (first, second) = Planar.split(whole, by: cut)
        return (whole, first, second)
    }

    // MARK: special buildings

    /// Illegal structures standing in roads between blocks (fully on road land).
    mutating func placeRoadStructures(_ layout: Layout, _ quota: Int, _ rng: inout Rng) {
        let stretches = layout.roadStretches
        guard quota > 0, !stretches.isEmpty else { return }
        let p = min(1, 1.3 * Double(quota) / Double(stretches.count))
        var placed = 0
        for s in stretches where placed < quota && rng.chance(p) {
            let dir = s.p1 - s.p0, len = dir.length
            guard len >= 60, 2 * s.halfWidth - 3 >= 5 else { continue }
            let width = rng.uniform(5, min(12, 2 * s.halfWidth - 3))
            let length = rng.uniform(8, min(40, 0.45 * len))
            let f = Frame(center: Vec2.lerp(s.p0, s.p1, 0.5), angle: atan2(dir.y, dir.x), a: length, b: width)
            let ring = f.rectangle
            guard layout.river.distance(ring: ring, reach: layout.river.halfWidth + 60) > layout.river.halfWidth + 10 else { continue }
            add(ring, BuildingRecord(shape: .rectangle, origin: .road, floors: UInt8(rng.int(1, 2)), district: UInt8(s.district),
                                     excluded: true, landUse: nil, parcel: -1))
            placed += 1
        }
    }

    /// Illegal structures standing in the river (on stilts, moored, filled land), each inside one district.
    mutating func placeRiverStructures(_ layout: Layout, _ quota: Int, _ rng: inout Rng) {
        let river = layout.river
        guard quota > 0 else { return }
        let step = max(1, Int((60 / river.dx).rounded(.up)))
        let candidates = stride(from: 1, to: river.centerline.count - 1, by: step).filter {
            layout.district(containing: river.centerline[$0]) != nil
        }
        guard !candidates.isEmpty else { return }
        let p = min(1, 1.5 * Double(quota) / Double(candidates.count))
        var placed = 0
        for c in candidates where placed < quota && rng.chance(p) {
            let centre = river.centerline[c]
            let dir = river.centerline[c + 1] - river.centerline[c - 1]
            let length = rng.uniform(10, 25), width = rng.uniform(6, 10)
            guard (length * length + width * width).squareRoot() / 2 <= river.halfWidth - 6 else { continue }
            let ring = Frame(center: centre, angle: atan2(dir.y, dir.x), a: length, b: width).rectangle
            guard let d = layout.district(containing: centre),
                  ring.allSatisfy({ Planar.contains(layout.districts[d].ring, $0) && Planar.contains(river.ring, $0) }),
                  Planar.boundaryDistance(ring, layout.districts[d].ring) >= 2 else { continue }
            add(ring, BuildingRecord(shape: .rectangle, origin: .river, floors: 1, district: UInt8(d),
                                     excluded: true, landUse: nil, parcel: -1))
            placed += 1
        }
    }

    /// Buildings straddling a district boundary, inside the boundary road, 70/30 across the line.
    mutating func placeBoundaryStructures(_ layout: Layout, _ quota: Int, _ rng: inout Rng) {
        let hw = layout.boundaryRoadHalfWidth
        let segments = layout.boundarySegments.filter { ($0.p1 - $0.p0).length >= 2 * hw + 50 }
        guard quota > 0, !segments.isEmpty else { return }
        let p = min(1, 1.5 * Double(quota) / Double(segments.count))
        var placed = 0
        for s in segments where placed < quota && rng.chance(p) {
            let dir = s.p1 - s.p0, len = dir.length
            let length = rng.uniform(12, min(30, len - 2 * hw - 30))
            let width = rng.uniform(8, 12)
            let towardsLeft = rng.chance(0.5)
            let centre = Vec2.lerp(s.p0, s.p1, 0.5) + dir.unit.left * ((towardsLeft ? 0.2 : -0.2) * width)
            let ring = Frame(center: centre, angle: atan2(dir.y, dir.x), a: length, b: width).rectangle
            guard layout.river.distance(ring: ring, reach: layout.river.halfWidth + 60) > layout.river.halfWidth + 10 else { continue }
            add(ring, BuildingRecord(shape: .rectangle, origin: .boundary, floors: UInt8(rng.int(1, 3)),
                                     district: UInt8(towardsLeft ? s.left : s.right), excluded: true, landUse: nil, parcel: -1))
            boundaryLines[records.count - 1] = (Line(p: s.p0, d: dir), s.left, s.right)
            placed += 1
        }
    }
}


