// Assembly.swift — turns the generated records into the public `City`: attribute columns for each
// layer, every ring transformed from UTM 51N to lon/lat with one PROJ call per layer and rounded to
// 1e-9°, then the truth measured on those very coordinates (geodesic areas on WGS84).

import GeoIO
import Proj

struct Assembly {
    let layout: Layout
    let before: BeforeSurvey
    let after: AfterSurvey
    let claims: ClaimSet
    let seed: UInt64
    let buildings: Int

    func city() throws -> City {
        func lonLat(_ store: RingStore) throws -> RingStore {
            var s = store
            try s.transform(from: CityGen.metricCRS, to: CityGen.crs, roundTo: 9)
            return s
        }
        let names = layout.districts.map(\.name)

        // Districts.
        var districtRings = RingStore()
        for d in layout.districts { districtRings.append(d.ring) }
        let districts = CityLayer(name: "districts", fields: [("district", .string)], rings: try lonLat(districtRings),
                                  columns: [names.map { .string($0) }])

        // Parcels.
        var parcelRings = RingStore()
        parcelRings.reserve(rings: layout.parcels.count, points: 4 * layout.parcels.count)
        for p in layout.parcels { parcelRings.append(p.quad.corners) }
        let parcels = CityLayer(
            name: "parcels", fields: [("parcel_id", .string), ("district", .string), ("land_use", .string)],
            rings: try lonLat(parcelRings),
            columns: [layout.parcels.indices.map { .string(CityGen.parcelID($0 + 1)) },
                      layout.parcels.map { .string(names[$0.district]) },
                      layout.parcels.map { .string($0.landUse.name) }])

        // Surveys.
        let beforeLayer = CityLayer(
            name: "before", fields: [("building_id", .string), ("floors", .int)], rings: try lonLat(before.rings),
            columns: [before.records.indices.map { .string(CityGen.buildingID($0 + 1)) },
                      before.records.map { .int(Int64($0.floors)) }])
        let afterLayer = CityLayer(
            name: "after", fields: [("building_id", .string), ("floors", .int)], rings: try lonLat(after.rings),
            columns: [after.features.map { .string(CityGen.buildingID(Int($0.id))) },
                      after.features.map { .int(Int64($0.floors)) }])

        // Exclusions.
        var exclusionRings = RingStore()
        for e in layout.exclusions { exclusionRings.append(e.ring) }
        let exclusions = CityLayer(name: "exclusions", fields: [("kind", .string)], rings: try lonLat(exclusionRings),
                                   columns: [layout.exclusions.map { .string($0.kind.rawValue) }])

        // Claims: the claimed area is a multiple of the measured (ellipsoidal) area of the polygon.
        let claimRings = try lonLat(claims.rings)
        let pieceRings = try lonLat(after.pieces)
        let polygonAreas = claimRings.geodesicAreas()
        let measured = claims.claims.map { polygonAreas[Int($0.ringIndex)] }
        var claimOrderRings = RingStore()
        claimOrderRings.reserve(rings: claims.claims.count, points: 5 * claims.claims.count)
        for c in claims.claims { claimOrderRings.append(claimRings.ring(Int(c.ringIndex))) }
        let claimed = claims.claims.indices.map { k in ((measured[k] * claims.claims[k].multiplier) * 100).rounded() / 100 }
        let claimLayer = CityLayer(
            name: "claims",
            fields: [("claim_id", .string), ("district", .string), ("claimed_area_m2", .double), ("area_kind", .string),
                     ("building_id", .string), ("floors", .int), ("batch", .int), ("date", .string)],
            rings: claimOrderRings,
            columns: [claims.claims.indices.map { .string(CityGen.claimID($0 + 1)) },
                      claims.claims.map { .string(names[Int($0.claimedDistrict)]) },
                      claimed.map { .double($0) },
                      claims.claims.map { .string($0.floorKind ? "floor" : "footprint") },
                      claims.claims.map { .string(CityGen.buildingID(Int($0.building) + 1)) },
                      claims.claims.map { $0.floorsField == 0 ? .null : .int(Int64($0.floorsField)) },
                      claims.claims.map { .int(Int64($0.batch)) },
                      claims.claims.map { .string(Self.date(batch: $0.batch, day: $0.day)) }])

        let truth = TruthBuilder(layout: layout, before: before, after: after, claims: claims,
                                 districtRings: districts.rings, pieceRings: pieceRings,
                                 claimMeasured: measured, claimed: claimed).build(seed: seed, buildings: buildings)
        return City(seed: seed, buildingCount: buildings, districts: districts, parcels: parcels, before: beforeLayer,
                    after: afterLayer, exclusions: exclusions, claims: claimLayer, truth: truth)
    }

    /// Batch k of the campaign is month k + 2 of 2016 (batch 1 = March).
    static func date(batch: UInt8, day: UInt8) -> String {
        "2016-" + CityGen.zeroPadded(Int(batch) + 2, 2) + "-" + CityGen.zeroPadded(Int(day), 2)
    }
}
