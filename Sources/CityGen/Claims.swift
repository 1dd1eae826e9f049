// Claims.swift — demolition claims with planted truth. Every demolished or partly demolished
// building gets one claim (its footprint, or the removed part); each claim is made correct (claimed
// = true area within ±0.9 %), a correct `floor` claim (footprint × floors), or planted with exactly
// one fault: overstated (×1.3–2), understated (×0.5–0.75), a floor area passed off as footprint
// (→ overstated), the name of a neighbouring district (→ wrong_zone). Extra claims: the same
// polygon again in a later batch (→ duplicate; sometimes the first claim came from the neighbouring
// district, which is then the wrong_zone one), and claims on buildings still standing
// (→ not_demolished). Claimed areas are fixed once the ellipsoidal areas are known, as a
// multiplier of the measured footprint.

enum ClaimKind: String, CaseIterable {
    case correct, floor, overstated, understated
    case floorAsFootprint = "floor_as_footprint"
    case wrongZone = "wrong_zone"
    case duplicate
    case notDemolished = "not_demolished"

    /// The flags `parcels verify` must raise for a claim of this kind.
    var flags: [String] {
        switch self {
        case .correct, .floor: []
        case .overstated, .floorAsFootprint: ["overstated"]
        case .understated: ["understated"]
        case .wrongZone: ["wrong_zone"]
        case .duplicate: ["duplicate"]
        case .notDemolished: ["not_demolished"]
        }
    }
}

struct ClaimRecord {
    var building: Int32          // before-survey index
    var ringIndex: Int32         // into ClaimSet.rings
    var claimedDistrict: UInt8
    var trueDistrict: UInt8
    var floorKind: Bool          // area_kind floor (else footprint)
    var floorsField: UInt8       // 0: left empty
    var trueFloors: UInt8
    var multiplier: Double       // claimed = measured footprint × multiplier
    var batch: UInt8
    var day: UInt8
    var kind: ClaimKind
    var duplicateOf: Int32 = -1  // index (generation order) of the earlier claim it repeats
}

struct ClaimSet {
    var rings = RingStore()
    var claims: [ClaimRecord] = []   // sorted by batch, date, generation order: file order

    init(before: BeforeSurvey, after: AfterSurvey, layout: Layout, seed: UInt64) {
        var rng = Rng(seed: seed, stream: 5)
        func near(_ x: Double) -> Double { x * (1 + rng.uniform(-0.009, 0.009)) }
        func neighbour(_ d: UInt8) -> UInt8 {
            let ns = layout.districts[Int(d)].neighbours
            return UInt8(ns[rng.below(ns.count)])
        }
        var list: [ClaimRecord] = []

        for i in before.records.indices {
            let r = before.records[i]
            guard r.fate == .demolished || r.fate == .partial else { continue }
            let ring = r.fate == .partial ? after.pieces.ring(after.removedPart[i]!) : before.rings.ring(i)
            let ringIndex = Int32(rings.count)
            rings.append(ring)
            let floors = r.floors
            var c = ClaimRecord(building: Int32(i), ringIndex: ringIndex, claimedDistrict: r.district, trueDistrict: r.district,
                                floorKind: false, floorsField: rng.chance(0.7) ? floors : 0, trueFloors: floors,
                                multiplier: near(1), batch: UInt8(rng.int(1, 6)), day: UInt8(rng.int(1, 28)), kind: .correct)
            let u = rng.unit()
            switch u {
            case ..<0.52:
                break
            case ..<0.66:
                c.kind = .floor
                c.floorKind = true
                c.floorsField = rng.chance(0.75) ? floors : 0
                c.multiplier = near(Double(floors))
            case ..<0.73:
                c.kind = .overstated
                c.floorKind = rng.chance(0.3)
                c.multiplier = rng.uniform(1.3, 2) * (c.floorKind ? Double(floors) : 1)
            case ..<0.79:
                c.kind = .understated
                c.floorKind = rng.chance(0.3)
                c.multiplier = rng.uniform(0.5, 0.75) * (c.floorKind ? Double(floors) : 1)
            case ..<0.86:
                if floors >= 2 {
                    c.kind = .floorAsFootprint
                    c.floorsField = rng.chance(0.5) ? floors : 0
                    c.multiplier = near(Double(floors))
                } else {
                    c.kind = .overstated
                    c.multiplier = rng.uniform(1.3, 2)
                }
            case ..<0.92:
                c.kind = .wrongZone
                c.claimedDistrict = neighbour(r.district)
            case ..<0.95:
                // Two districts claim the same building: the neighbour first (wrong_zone), then the
                // right district in a later batch (duplicate).
                c.batch = UInt8(rng.int(1, 5))
                c.kind = .wrongZone
                c.claimedDistrict = neighbour(r.district)
                var again = c
                again.kind = .duplicate
                again.claimedDistrict = r.district
                again.batch = UInt8(rng.int(Int(c.batch) + 1, 6))
                again.day = UInt8(rng.int(1, 28))
                again.multiplier = near(1)
                again.duplicateOf = Int32(list.count)
                list.append(c)
                list.append(again)
                continue
            default:
                break
            }
            list.append(c)
            // The same polygon claimed again in a later batch by the same district.
            if (c.kind == .correct || c.kind == .floor) && c.batch <= 5 && rng.chance(0.07) {
                var again = c
                again.kind = .duplicate
                again.batch = UInt8(rng.int(Int(c.batch) + 1, 6))
                again.day = UInt8(rng.int(1, 28))
                again.duplicateOf = Int32(list.count - 1)
                again.multiplier = c.floorKind ? near(Double(floors)) : near(1)
                list.append(again)
            }
        }

        // Claims on buildings that still stand (unchanged, not copied, not part of a pair).
        let wanted = list.isEmpty ? 0 : max(1, list.count / 30)
        var taken = Set<Int>()
        var attempts = 0
        while taken.count < wanted && attempts < 100 * (wanted + 1) {
            attempts += 1
            let i = rng.below(before.records.count)
            let r = before.records[i]
            guard r.fate == .unchanged, r.origin == .parcel, r.partner < 0, !taken.contains(i) else { continue }
            taken.insert(i)
            let ringIndex = Int32(rings.count)
            rings.append(before.rings.ring(i))
            list.append(ClaimRecord(building: Int32(i), ringIndex: ringIndex, claimedDistrict: r.district, trueDistrict: r.district,
                                    floorKind: false, floorsField: rng.chance(0.7) ? r.floors : 0, trueFloors: r.floors,
                                    multiplier: near(1), batch: UInt8(rng.int(1, 6)), day: UInt8(rng.int(1, 28)),
                                    kind: .notDemolished))
        }

        // File order: by batch, then date, then generation order; duplicates point to file positions.
        let order = list.indices.sorted {
            (list[$0].batch, list[$0].day, $0) < (list[$1].batch, list[$1].day, $1)
        }
        var position = [Int32](repeating: 0, count: list.count)
        for (p, g) in order.enumerated() { position[g] = Int32(p) }
        claims = order.map { g in
            var c = list[g]
            if c.duplicateOf >= 0 { c.duplicateOf = position[Int(c.duplicateOf)] }
            return c
        }
    }
}
