// Truth.swift — what the generator planted, measured the way SPEC.md measures: ellipsoidal m² on
// WGS84 (geodesic areas of the lon/lat rings as written). Per district: cleared land = demolished
// footprints + removed parts of partial demolitions − the rebuilt structures standing inside
// demolished footprints (exact arithmetic: buildings never overlap except digitised-twice copies of
// unchanged buildings, and a rebuild lies fully inside its footprint); boundary-straddling
// demolitions are split exactly along the boundary line. Freed land = cleared land not on
// exclusion land (a building is wholly on it or wholly off it by construction). Building counts
// per district, and per claim the flags `parcels verify` must raise.

import Proj

public struct Truth: Sendable {
    public struct District: Sendable {
        public let district: String
        public let zoneAreaM2: Double
        public let clearedM2: Double
        public let freedM2: Double
        /// Cleared land standing on exclusions (roads, river, protected land): cleared − freed.
        public let clearedOnExclusionsM2: Double
        /// Freed land per parcel land use (cleared land outside parcels is not listed).
        public let freedByLandUse: [String: Double]
        public let beforeBuildings: Int
        public let afterBuildings: Int
        public let unchanged: Int          // includes digitised-twice copies
        public let split: Int              // before buildings split in two
        public let merged: Int             // before buildings merged with a neighbour
        public let demolished: Int
        public let partlyDemolished: Int
        public let newStructures: Int      // rebuilt + new on open land
        public let rebuilt: Int
        public let newOnOpenLand: Int
        public let duplicateFootprints: Int
    }

    public struct Claim: Sendable {
        public let claimID: String
        /// correct, floor, overstated, understated, floor_as_footprint, wrong_zone, duplicate, not_demolished
        public let kind: String
        /// The flags `parcels verify` must raise (empty for a correct claim).
        public let flags: [String]
        public let buildingID: String
        public let zoneClaimed: String
        public let zoneMeasured: String
        public let areaKind: String
        public let claimedM2: Double
        /// Ellipsoidal area of the claim polygon.
        public let measuredM2: Double
        /// measuredM2 × the building's floors (what a floor claim is compared with).
        public let measuredFloorM2: Double
        public let floors: Int
        public let duplicateOf: String?
    }

    public struct BoundaryBuilding: Sendable {
        public let buildingID: String
        public let demolished: Bool
        public let parts: [(district: String, areaM2: Double)]
    }

    public let seed: UInt64
    public let buildings: Int
    public let districts: [District]
    public let totals: District
    public let claims: [Claim]
    public let boundaryBuildings: [BoundaryBuilding]
    /// Before-survey building ids of the digitised-twice pairs (original, copy).
    public let duplicateFootprints: [(String, String)]
    /// Unchanged buildings re-drawn in the after survey (`CityGen.generate(…redraw:)`).
    public let redrawn: Bool

    public func district(_ name: String) -> District? { districts.first { $0.district == name } }

    /// Claim ids by expected flag.
    public func claims(flagged flag: String) -> [String] { claims.filter { $0.flags.contains(flag) }.map(\.claimID) }

    /// The truth file: ordered keys, areas to the mm².
    public func json() -> String { String(decoding: jsonBytes(), as: UTF8.self) }

    /// The truth file as UTF-8 bytes.
    public func jsonBytes() -> [UInt8] {
        func district(_ d: District) -> JSON {
            .object([
                ("district", .string(d.district)),
                ("zone_area_m2", .number(d.zoneAreaM2, decimals: 3)),
                ("cleared_m2", .number(d.clearedM2, decimals: 3)),
                ("freed_m2", .number(d.freedM2, decimals: 3)),
                ("cleared_on_exclusions_m2", .number(d.clearedOnExclusionsM2, decimals: 3)),
                ("freed_by_land_use_m2", .object(LandUse.allCases.map { ($0.name, .number(d.freedByLandUse[$0.name] ?? 0, decimals: 3)) })),
                ("before_buildings", .int(d.beforeBuildings)),
                ("after_buildings", .int(d.afterBuildings)),
                ("unchanged", .int(d.unchanged)),
                ("split", .int(d.split)),
                ("merged", .int(d.merged)),
                ("demolished", .int(d.demolished)),
                ("partly_demolished", .int(d.partlyDemolished)),
                ("new_structures", .int(d.newStructures)),
                ("rebuilt", .int(d.rebuilt)),
                ("new_on_open_land", .int(d.newOnOpenLand)),
                ("duplicate_footprints", .int(d.duplicateFootprints)),
            ])
        }
        var flagCounts: [(String, JSON)] = []
        for flag in ["overstated", "understated", "duplicate", "not_demolished", "wrong_zone"] {
            flagCounts.append((flag, .int(claims.filter { $0.flags.contains(flag) }.count)))
        }
        var kindCounts: [(String, JSON)] = []
        for kind in ClaimKind.allCases { kindCounts.append((kind.rawValue, .int(claims.filter { $0.kind == kind.rawValue }.count))) }
        let root = JSON.object([
            ("generator", .string("parcels-citygen")),
            ("seed", seed < 1 << 53 ? .int(Int(seed)) : .string(String(seed))),
            ("buildings", .int(buildings)),
            ("crs", .string(CityGen.crs)),
            ("generated_in", .string(CityGen.metricCRS)),
            ("areas", .string("ellipsoidal m² on WGS84 (geodesic area of the lon/lat rings as written)")),
            ("definitions", .object([
                ("cleared_m2", .string("demolished footprints + removed parts of partial demolitions − rebuilt structures inside demolished footprints; a boundary-straddling demolition is split along the boundary")),
                ("freed_m2", .string("cleared_m2 minus the part on exclusions (each building lies wholly on or wholly off exclusion land)")),
                ("counts", .string("a building is counted in the district holding it, or the larger part of it; before_buildings = unchanged + split + merged + demolished + partly_demolished")),
                ("new_structures", .string("after-survey buildings matching no before building: rebuilt (inside a demolished footprint) + new_on_open_land")),
                ("re_survey_noise_m", .number(AfterSurvey.noise, decimals: 2)),
            ] + (redrawn ? [
                ("re_survey_redrawn", .string("every unchanged building drawn from another corner, either way round, with one more vertex on a wall")),
            ] : []) + [
                ("claim_tolerance", .string("correct claims are within ±0.9 % of the measured area; overstated ×1.3–2, understated ×0.5–0.75")),
            ])),
            ("totals", district(totals)),
            ("districts", .array(districts.map(district))),
            ("boundary_buildings", .rows(boundaryBuildings.map { b in
                .object([("building_id", .string(b.buildingID)), ("demolished", .bool(b.demolished)),
                         ("parts", .array(b.parts.map { .object([("district", .string($0.district)), ("area_m2", .number($0.areaM2, decimals: 3))]) }))])
            })),
            ("duplicate_footprints", .rows(duplicateFootprints.map { .array([.string($0.0), .string($0.1)]) })),
            ("claim_flags", .object(flagCounts)),
            ("claim_kinds", .object(kindCounts)),
            ("claims", .streamedRows(count: claims.count) { k, out in
                let c = claims[k]
                func key(_ name: String) { out += ", "; Text.appendJSON(name, to: &out); out += ": " }
                out += "{"
                Text.appendJSON("claim_id", to: &out); out += ": "; Text.appendJSON(c.claimID, to: &out)
                key("kind"); Text.appendJSON(c.kind, to: &out)
                key("flags"); out += "["
                for (i, f) in c.flags.enumerated() { if i > 0 { out += ", " }; Text.appendJSON(f, to: &out) }
                out += "]"
                key("building_id"); Text.appendJSON(c.buildingID, to: &out)
                key("zone_claimed"); Text.appendJSON(c.zoneClaimed, to: &out)
                key("zone_measured"); Text.appendJSON(c.zoneMeasured, to: &out)
                key("area_kind"); Text.appendJSON(c.areaKind, to: &out)
                key("claimed_m2"); Text.appendFixed(c.claimedM2, 2, to: &out)
                key("measured_m2"); Text.appendFixed(c.measuredM2, 3, to: &out)
                key("floors"); Text.appendInt(Int64(c.floors), to: &out)
                key("measured_floor_m2"); Text.appendFixed(c.measuredFloorM2, 3, to: &out)
                key("duplicate_of")
                if let d = c.duplicateOf { Text.appendJSON(d, to: &out) } else { out += "null" }
                out += "}"
            }),
        ])
        var out: [UInt8] = []
        out.reserveCapacity(300 * claims.count + 20_000)
        root.render(into: &out)
        out += "\n"
        return out
    }
}

struct TruthBuilder {
    let layout: Layout
    let before: BeforeSurvey
    let after: AfterSurvey
    let claims: ClaimSet
    let districtRings: RingStore   // lon/lat
    let pieceRings: RingStore      // lon/lat
    let claimMeasured: [Double]
    let claimed: [Double]

    private struct Tally {
        var cleared = 0.0, freed = 0.0, onExclusions = 0.0
        var byUse = [Double](repeating: 0, count: LandUse.allCases.count)
        var before = 0, after = 0, unchanged = 0, split = 0, merged = 0, demolished = 0, partial = 0
        var rebuilt = 0, open = 0, copies = 0

        mutating func add(_ o: Tally) {
            cleared += o.cleared; freed += o.freed; onExclusions += o.onExclusions
            for k in byUse.indices { byUse[k] += o.byUse[k] }
            before += o.before; after += o.after; unchanged += o.unchanged; split += o.split; merged += o.merged
            demolished += o.demolished; partial += o.partial; rebuilt += o.rebuilt; open += o.open; copies += o.copies
        }
    }

    func build(seed: UInt64, buildings: Int) -> Truth {
        let names = layout.districts.map(\.name)
        var t = [Tally](repeating: Tally(), count: names.count)

        // Areas, summed in generation order (deterministic).
        let pieceArea = pieceRings.geodesicAreas()
        for (k, p) in after.pieceInfo.enumerated() {
            let a = pieceArea[k]
            let d = Int(p.district)
            let signed = Double(p.sign) * a
            t[d].cleared += signed
            if p.excluded { t[d].onExclusions += signed } else {
                t[d].freed += signed
                if let use = p.landUse { t[d].byUse[Int(use.rawValue)] += signed }
            }
        }

        // Counts.
        for r in before.records {
            let d = Int(r.district)
            t[d].before += 1
            switch r.fate {
            case .unchanged: t[d].unchanged += 1
            case .copy: t[d].unchanged += 1; t[d].copies += 1
            case .demolished: t[d].demolished += 1
            case .partial: t[d].partial += 1
            case .split: t[d].split += 1
            case .merged: t[d].merged += 1
            }
        }
        for f in after.features { t[Int(f.district)].after += 1 }
        for i in after.rebuiltOn { t[Int(before.records[i].district)].rebuilt += 1 }
        for s in before.newStructures { t[Int(s.district)].open += 1 }

        func district(_ name: String, _ x: Tally, zoneArea: Double) -> Truth.District {
            var byUse: [String: Double] = [:]
            for use in LandUse.allCases { byUse[use.name] = x.byUse[Int(use.rawValue)] }
            return Truth.District(
                district: name, zoneAreaM2: zoneArea, clearedM2: x.cleared, freedM2: x.freed, clearedOnExclusionsM2: x.onExclusions,
                freedByLandUse: byUse, beforeBuildings: x.before, afterBuildings: x.after, unchanged: x.unchanged,
                split: x.split, merged: x.merged, demolished: x.demolished, partlyDemolished: x.partial,
                newStructures: x.rebuilt + x.open, rebuilt: x.rebuilt, newOnOpenLand: x.open, duplicateFootprints: x.copies)
        }
        var total = Tally()
        var totalZone = 0.0
        var districts: [Truth.District] = []
        for k in names.indices {
            let zone = Geodesic.exactRingArea(Array(districtRings.flat(k)))
            totalZone += zone
            total.add(t[k])
            districts.append(district(names[k], t[k], zoneArea: zone))
        }

        // Boundary buildings and their parts.
        var parts: [Int: [(String, Double)]] = [:]
        for (k, p) in after.pieceInfo.enumerated() where p.kind == .boundaryPart {
            parts[Int(p.building), default: []].append((names[Int(p.district)], pieceArea[k]))
        }
        let boundary = before.records.indices.filter { before.records[$0].origin == .boundary }.map { i in
            Truth.BoundaryBuilding(buildingID: CityGen.buildingID(i + 1), demolished: before.records[i].fate == .demolished,
                                   parts: (parts[i] ?? []).map { (district: $0.0, areaM2: $0.1) })
        }
        let copies = before.records.indices.filter { before.records[$0].origin == .copy }.map { i in
            (CityGen.buildingID(Int(before.records[i].partner) + 1), CityGen.buildingID(i + 1))
        }

        let claimTruth = claims.claims.enumerated().map { k, c in
            Truth.Claim(
                claimID: CityGen.claimID(k + 1), kind: c.kind.rawValue, flags: c.kind.flags,
                buildingID: CityGen.buildingID(Int(c.building) + 1), zoneClaimed: names[Int(c.claimedDistrict)],
                zoneMeasured: names[Int(c.trueDistrict)], areaKind: c.floorKind ? "floor" : "footprint",
                claimedM2: claimed[k], measuredM2: claimMeasured[k], measuredFloorM2: claimMeasured[k] * Double(c.trueFloors),
                floors: Int(c.trueFloors), duplicateOf: c.duplicateOf >= 0 ? CityGen.claimID(Int(c.duplicateOf) + 1) : nil)
        }
        return Truth(seed: seed, buildings: buildings, districts: districts, totals: district("total", total, zoneArea: totalZone),
                     claims: claimTruth, boundaryBuildings: boundary, duplicateFootprints: copies, redrawn: after.redrawn)
    }
}
