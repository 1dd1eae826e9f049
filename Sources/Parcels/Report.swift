// `parcels report`: read → project → change between surveys → cleared land → freed land → sites,
// per zone, with the checks that the figures add up. docs/methodology.md explains every figure.
import Foundation
import GeoIO
import Geos
import Proj

public struct ReportOptions: Sendable {
    public var zones: String
    public var before: String
    public var after: String
    public var parcels: String?
    public var claims: String?
    public var exclusions: [String] = []
    public var zoneField = "district"
    public static let defaultIdField = "parcel_id"
    public var idField = defaultIdField
    public var landUseField = "land_use"
    /// Metres: differences narrower than this are re-survey noise.
    public var tolerance = 0.1
    /// m²: the smallest site counted.
    public var minSite = 200.0
    /// Metres: freed pieces closer than this form one site.
    public var siteGap = 2.0
    /// Percent: claims within this of the measured area are accepted.
    public var tolerancePct = 5.0
    public var crs: String?
    public var assumeCRS: String?
    /// Whether `Report.buildings` lists what became of every building (for maps and result layers;
    /// two entries per building of a city, so off when only the figures are wanted).
    public var buildingOutcomes = true
    /// Whether `Report.verification` keeps the claim polygons (for the result layers).
    public var claimFootprints = false
    /// Whether `Report.zoneOutlines`, `clearedLand` and `freedLand` hold each zone's outline and land
    /// as dissolved multipolygons (for the maps; a city's are a tenth of a second to make and some
    /// 200,000 copies of pieces, so off when only the figures are wanted).
    public var landGeometry = true

    public init(zones: String, before: String, after: String) {
        self.zones = zones; self.before = before; self.after = after
    }
}

/// The figures of one zone (or of the totals). Areas in ellipsoidal m².
public struct ZoneFigures: Sendable {
    public var zone: String
    public var zoneAreaM2 = 0.0
    public var beforeM2 = 0.0
    public var afterM2 = 0.0
    public var clearedM2 = 0.0
    public var freedM2 = 0.0
    public var sites = 0
    public var siteAreaM2 = 0.0
    public var largestSiteM2 = 0.0
    public var demolished = 0
    public var partlyDemolished = 0
    public var unchanged = 0
    public var newStructures = 0
    public var rebuilt = 0
    /// Before-survey land by the class of the building on it (sums to `beforeM2`).
    public var unchangedM2 = 0.0
    public var demolishedM2 = 0.0
    public var partlyDemolishedM2 = 0.0
    /// Freed land by the land use of the parcel under it ("(no parcel)" where none).
    public var landUse: [String: Double] = [:]
    /// How far `landUse` may add up apart from `freedM2` where parcels cut freed land (`cutAllowance`).
    var landUseCutAllowanceM2 = 0.0
    /// How far `freedM2` may measure above `clearedM2` where exclusions cut cleared land (`freedAllowance`).
    var freedCutAllowanceM2 = 0.0
    /// How far `clearedM2` may measure above `beforeM2` where the after survey cut footprints with long
    /// walls (`clearedAllowance`).
    var clearedCutAllowanceM2 = 0.0

    public init(zone: String) { self.zone = zone }

    mutating func add(_ o: ZoneFigures) {
        zoneAreaM2 += o.zoneAreaM2; beforeM2 += o.beforeM2; afterM2 += o.afterM2
        clearedM2 += o.clearedM2; freedM2 += o.freedM2; sites += o.sites; siteAreaM2 += o.siteAreaM2
        largestSiteM2 = max(largestSiteM2, o.largestSiteM2)
        demolished += o.demolished; partlyDemolished += o.partlyDemolished; unchanged += o.unchanged
        newStructures += o.newStructures; rebuilt += o.rebuilt
        unchangedM2 += o.unchangedM2; demolishedM2 += o.demolishedM2; partlyDemolishedM2 += o.partlyDemolishedM2
        for (k, v) in o.landUse { landUse[k, default: 0] += v }
    }
}

/// One arithmetic check the report makes on its own figures.
public struct Check: Sendable {
    public let name: String
    public let ok: Bool
    public let detail: String
}

public struct ParcelFreed: Sendable {
    public let parcelId: String
    public let zone: String
    public let landUse: String
    public internal(set) var freedM2: Double
}

public struct SiteSummary: Sendable {
    public let zone: String
    public let m2: Double
    public let pieces: Int
    /// The site's freed land in the overlay CRS (WKB).
    public let wkb: [UInt8]
}

/// What became of each building (for the result layers).
public struct BuildingOutcome: Sendable {
    /// "before" or "after".
    public var survey: String { isAfter ? "after" : "before" }
    public var row: Int { Int(row32) }
    public let buildingId: String?
    /// unchanged, demolished, partly_demolished (before-buildings); kept, new, rebuilt (after-buildings).
    public var change: String { Self.changes[Int(changeCode)] }
    public let zone: String?
    /// Planar m² of cleared land under a before-building; of demolished land under a rebuilt one.
    public let changedPlanarM2: Double
    /// Footprint in the overlay CRS (WKB).
    public var wkb: [UInt8] { footprint.array }
    private let footprint: WKBBytes
    // Held small: `--out` keeps one of these for each of a city's two million buildings (64 bytes each,
    // against 96 with the survey, row and change as they are shown; the footprint left in its survey's buffer).
    private let row32: Int32
    private let isAfter: Bool
    private let changeCode: UInt8
    private static let changes = BuildingClass.allCases.map(\.rawValue) + AfterClass.allCases.map(\.rawValue)

    /// A before-survey building and its class.
    init(before change: BuildingClass, row: Int, buildingId: String?, zone: String?, changedPlanarM2: Double, wkb: WKBBytes) {
        self.init(isAfter: false, code: BuildingClass.allCases.firstIndex(of: change)!, row: row, buildingId: buildingId,
                  zone: zone, changedPlanarM2: changedPlanarM2, wkb: wkb)
    }

    /// An after-survey building and its class.
    init(after change: AfterClass, row: Int, buildingId: String?, zone: String?, changedPlanarM2: Double, wkb: WKBBytes) {
        self.init(isAfter: true, code: BuildingClass.allCases.count + AfterClass.allCases.firstIndex(of: change)!, row: row,
                  buildingId: buildingId, zone: zone, changedPlanarM2: changedPlanarM2, wkb: wkb)
    }

    private init(isAfter: Bool, code: Int, row: Int, buildingId: String?, zone: String?, changedPlanarM2: Double, wkb: WKBBytes) {
        precondition(row > 0 && row <= Int(Int32.max), "feature number out of range")
        (self.isAfter, row32, changeCode) = (isAfter, Int32(row), UInt8(code))
        (self.buildingId, self.zone, self.changedPlanarM2, footprint) = (buildingId, zone, changedPlanarM2, wkb)
    }
}

public struct Report: Sendable {
    public let crs: String
    public let zones: [ZoneFigures]
    public let totals: ZoneFigures
    /// Land outside every zone (not in the totals).
    public let outside: ZoneFigures
    public let warnings: [String]
    public let checks: [Check]
    public let parcels: [ParcelFreed]
    public let sites: [SiteSummary]
    public let buildings: [BuildingOutcome]
    /// Geometries in the overlay CRS (`crs`), WKB, for maps and result layers: each zone's outline,
    /// and per zone its cleared and freed land (one MultiPolygon each).
    public let zoneOutlines: [(zone: String, wkb: [UInt8])]
    public let clearedLand: [(zone: String, wkb: [UInt8])]
    public let freedLand: [(zone: String, wkb: [UInt8])]
    /// The claims checked, with --claims.
    public let verification: Verification?
    public let options: ReportOptions
}

public func runReport(_ o: ReportOptions) throws -> Report {
    // Read, choose the overlay CRS, project.
    let (zones, zoneNameOfFeature, metricCRS, area) = try loadZones(o.zones, field: o.zoneField, crs: o.crs, assumeCRS: o.assumeCRS)
    // Every other layer read at once, each prepared as soon as it is read (claims leniently: one bad
    // row must not stop the others). Of each layer only the fields the report uses are read.
    var specs: [(spec: String, lenient: Bool, fields: Set<String>?)] = [(o.before, false, surveyFields), (o.after, false, surveyFields)]
    if let p = o.parcels { specs.append((p, false, [o.idField, o.landUseField])) }
    for e in o.exclusions { specs.append((e, false, [])) }
    if let c = o.claims { specs.append((c, true, claimFields)) }
    var layers = try readAndPrepare(specs, metricCRS: metricCRS, assumeCRS: o.assumeCRS, area: area)
    func next() -> PolygonLayer { layers.removeFirst() }
    let before = next(), after = next()
    try requirePolygons(before, role: "before-survey")
    // Asked here, not at the end: a reference to `after` there would keep a city's after survey
    // (some 200 MB at a million buildings) alive through the tallies that follow its own.
    let sameSurveyLayer = before.file == after.file && before.name == after.name ? (file: after.file, name: after.name) : nil
    let parcels = o.parcels.map { _ in next() }
    let exclusionLayers = o.exclusions.map { _ in next() }
    let exclusions = exclusionLayers.flatMap(\.features)

    var warnings = ([zones, before, after] + (parcels.map { [$0] } ?? []) + exclusionLayers).flatMap(\.warnings)
    if let parcels { warnings += try checkParcelFields(parcels, o) }
    if let scale = try overlayScaleWarning(before, metricCRS: metricCRS, o) { warnings.append(scale) }

    // Zones: names (features with the same name form one zone), areas, overlaps and gaps.
    let names = uniqueInOrder(zoneNameOfFeature)
    let nameIndex = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
    let zoneOf = zoneNameOfFeature.map { nameIndex[$0]! }
    warnings += try timed("zone check") { try checkZones(zones.features, names: zoneNameOfFeature, metricCRS: metricCRS) }
    var figures = names.map { ZoneFigures(zone: $0) }
    var outside = ZoneFigures(zone: "(outside every zone)")
    /// The index of a zone feature's zone among `names`, `outsideZones` for land outside every zone.
    func named(_ zone: Int) -> Int { zone == outsideZones ? outsideZones : zoneOf[zone] }
    /// The figures of zone `z` (an index among `names`, or `outsideZones`).
    func update(_ z: Int, _ body: (inout ZoneFigures) -> Void) {
        if z == outsideZones { body(&outside) } else { body(&figures[z]) }
    }
    /// The figures of the zone holding zone feature `zone` (or `outsideZones`).
    func add(_ zone: Int, _ body: (inout ZoneFigures) -> Void) { update(named(zone), body) }
    let zoneAreas = try parallelMap(zones.features.count, makeState: { try Worker(metricCRS: metricCRS) }) { w, i in
        try w.ellipsoidalArea(w.geometry(zones.features[i].wkb))
    }
    for (i, a) in zoneAreas.enumerated() { figures[zoneOf[i]].zoneAreaM2 += a }

    // Change between the surveys.
    var p = ChangeParameters()
    p.tolerance = o.tolerance
    returnFreedMemory()
    let indexes = try timed("indexes") {      // both at once
        try parallelMap(2, chunk: 1, makeState: { () }) { _, k in SpatialIndex(envelopesOf: (k == 0 ? before : after).features) }
    }
    let (beforeIndex, afterIndex) = (indexes[0], indexes[1])
    let grid = try timed("zone grid") { try ZoneGrid(zones: zones.features, metricCRS: metricCRS) }

    // The exclusions' tiles (see TiledIndex), wanted only for freed land, made meanwhile on a core
    // the claims' one-thread steps leave idle.
    let exclusionTiles = exclusions.isEmpty ? nil : Background { try TiledIndex(exclusions, metricCRS: metricCRS) }

    // The claims first: they need only the surveys, the zones and the indexes, and their working set
    // (the claims file read, prepared and measured) is gone before change detection builds its own.
    let verification = try timed("claims") { try o.claims.map { _ in
        try verifyClaims(ClaimInputs(claims: next(),
                                     before: before, after: after, zones: zones, zoneNames: zoneNameOfFeature,
                                     tolerancePct: o.tolerancePct, metricCRS: metricCRS, grid: grid,
                                     beforeIndex: beforeIndex, afterIndex: afterIndex, keepFootprints: o.claimFootprints))
    } }

    returnFreedMemory()
    let change = try timed("change detection") {
        try detectChange(before: before.features, after: after.features, parameters: p, metricCRS: metricCRS, afterIndex: afterIndex)
    }

    // Before and after land by zone, counted once; before land by the class of its building.
    var byZone = TallyInputs(zones: zones.features)
    byZone.grid = grid
    var byZoneBefore = byZone, byZoneAfter = byZone
    byZoneBefore.repeatTolerance = o.tolerance
    byZoneAfter.repeatTolerance = o.tolerance
    byZoneBefore.ownIndex = beforeIndex
    byZoneAfter.ownIndex = afterIndex
    // Each survey's tallies are used slice by slice as they come (a city's million are never held).
    var buildings: [BuildingOutcome] = []
    if o.buildingOutcomes { buildings.reserveCapacity(before.features.count + after.features.count) }      // not grown by doubling
    var beforeMeetsZones = false, afterMeetsZones = false
    var repeated = (before: 0, after: 0)      // buildings repeating an earlier one's footprint
    returnFreedMemory()
    try timed("before by zone") { try forEachTally(before.features, byZoneBefore, metricCRS: metricCRS) { i, t in
        if t.majorityZone != nil { beforeMeetsZones = true }
        if t.repeatsEarlier { repeated.before += 1 }
        let cls = change.before[i].buildingClass
        t.forEachZonePart { zone, m2 in
            add(zone) { f in
                f.beforeM2 += m2
                switch cls {
                case .unchanged: f.unchangedM2 += m2
                case .demolished: f.demolishedM2 += m2
                case .partlyDemolished: f.partlyDemolishedM2 += m2
                }
            }
        }
        add(t.majorityZone ?? outsideZones) { f in
            switch cls {
            case .unchanged: f.unchanged += 1
            case .demolished: f.demolished += 1
            case .partlyDemolished: f.partlyDemolished += 1
            }
        }
        if o.buildingOutcomes { buildings.append(BuildingOutcome(before: cls, row: before.features[i].row, buildingId: before.features[i].string("building_id"),
                                                                 zone: t.majorityZone.map { names[zoneOf[$0]] },
                                                                 changedPlanarM2: change.before[i].clearedPlanar, wkb: before.features[i].wkb)) }
    } }
    if !beforeMeetsZones {
        throw InputError(file: before.file, layer: before.name, reason: "the before survey does not overlap the zones of \(zones.file) at all (wrong file or CRS?)")
    }
    returnFreedMemory()
    try timed("after by zone") { try forEachTally(after.features, byZoneAfter, metricCRS: metricCRS) { i, t in
        if t.majorityZone != nil { afterMeetsZones = true }
        if t.repeatsEarlier { repeated.after += 1 }
        t.forEachZonePart { zone, m2 in add(zone) { $0.afterM2 += m2 } }
        let cls = change.after[i]
        if cls != .kept { add(t.majorityZone ?? outsideZones) { f in f.newStructures += 1; if cls == .rebuilt { f.rebuilt += 1 } } }
        if o.buildingOutcomes { buildings.append(BuildingOutcome(after: cls, row: after.features[i].row, buildingId: after.features[i].string("building_id"),
                                                                 zone: t.majorityZone.map { names[zoneOf[$0]] },
                                                                 changedPlanarM2: change.rebuiltPlanar[i], wkb: after.features[i].wkb)) }
    } }
    if !after.features.isEmpty && !afterMeetsZones {
        throw InputError(file: after.file, layer: after.name, reason: "the after survey does not overlap the zones of \(zones.file) at all (wrong file or CRS?)")
    }

    // Cleared land (counted once), freed land, parcels.
    // A building cleared whole brings its measured area along.
    let clearedPieces = change.before.indices.compactMap { i -> ClearedLand? in
        let c = change.before[i]
        guard let w = c.cleared, let e = c.clearedEnvelope else { return nil }
        return ClearedLand(wkb: w, envelope: e, knownAreaM2: c.clearedWhole ? before.features[i].areaM2 : nil,
                           footprint: c.clearedWhole ? nil : before.features[i].wkb)
    }
    var inputs = byZone
    inputs.exclusions = exclusions
    inputs.exclusionIndex = try exclusionTiles.map { tiles in try timed("exclusion tiles") { try tiles.result() } }
    inputs.parcels = parcels?.features
    inputs.keepGeometry = true
    returnFreedMemory()
    let clearedTally = try timed("cleared and freed by zone") { try tallyByZone(clearedPieces, inputs, metricCRS: metricCRS) }
    var freedByZone = [[[UInt8]]](repeating: [], count: names.count)
    var freedAreas = [[Double]](repeating: [], count: names.count)      // ellipsoidal m² of each
    var clearedGeometry = [[[UInt8]]](repeating: [], count: names.count)
    // Freed land by parcel id and zone, in the order first met. Freed land outside every zone is
    // counted under `outside` (not in the totals, no sites, no zone geometry), and a parcel's share
    // of it is a row of its own, zone "(outside every zone)", as `outside_zones` names that land.
    // Keyed by land use too: two parcels that share an id (a cadastre's error, or one parcel in two
    // features) keep their own land uses (a warning names such ids).
    struct ParcelKey: Hashable { let id: String, zone: Int, use: String }
    var parcelSlot: [ParcelKey: Int] = [:]
    // The same slots by parcel feature, a short list of (zone, slot) each: a parcel meets many
    // pieces, and its id and land use are read, trimmed and hashed once, not at every share.
    var slotsOfParcel = [[(zone: Int, slot: Int)]](repeating: [], count: parcels?.features.count ?? 0)
    var parcelRows: [ParcelFreed] = []
    // Freed land by land use, summed by zone in arrays indexed by the land use's number (no string
    // hashed per share), and put into each zone's `landUse` after the loop: the same additions in
    // the same order, so the same sums.
    var useNames: [String] = [], useNumber: [String: Int] = [:], useOfSlot: [Int] = []
    func number(_ use: String) -> Int {
        if let n = useNumber[use] { return n }
        useNames.append(use)
        useNumber[use] = useNames.count - 1
        return useNames.count - 1
    }
    let noParcel = number("(no parcel)")
    var useM2 = [[Double?]](repeating: [], count: names.count + 1)    // [zone, or names.count outside][use]; nil: none
    func addUse(_ z: Int, _ use: Int, _ m2: Double) {
        let row = z == outsideZones ? names.count : z
        if useM2[row].count <= use { useM2[row] += repeatElement(nil, count: use + 1 - useM2[row].count) }
        useM2[row][use] = (useM2[row][use] ?? 0) + m2
    }
    var piecesTotal = 0.0, zoneCutAllowance = 0.0
    var parcelOverlapM2 = 0.0, overlappingParcels = Set<Int>()
    // m² by zone for one piece, which meets a zone or two: a short list, no dictionary.
    func addUp(_ list: inout [(zone: Int, m2: Double)], _ zone: Int, _ m2: Double) {
        if let j = list.firstIndex(where: { $0.zone == zone }) { list[j].m2 += m2 } else { list.append((zone, m2)) }
    }
    // Added up in two passes: the zones' figures and the freed land's pieces by zone first, so that
    // the sites (which need only those pieces) are found on the other cores while this thread adds
    // the freed land up by parcel and land use (a city's 240,000 pieces: a quarter of a second).
    timed("cleared land added up by zone") {
        for t in clearedTally {
            piecesTotal += t.wholeM2
            zoneCutAllowance += t.zoneCutAllowanceM2
            for (zone, m2) in t.parcelCutAllowance { add(zone) { $0.landUseCutAllowanceM2 += m2 } }
            for (zone, m2) in t.freedCutAllowance { add(zone) { $0.freedCutAllowanceM2 += m2 } }
            // (Each zone the piece lies in is allowed the piece's whole allowance: rare, and on the safe side.)
            if t.clearedCutAllowanceM2 > 0 { t.forEachZonePart { zone, _ in add(zone) { $0.clearedCutAllowanceM2 += t.clearedCutAllowanceM2 } } }
            parcelOverlapM2 += t.parcelOverlap.m2
            overlappingParcels.formUnion(t.parcelOverlap.parcels)
            for part in t.zoneParts {
                add(part.zone) { $0.clearedM2 += part.m2 }
                if o.landGeometry, part.zone != outsideZones, let wkb = part.wkb { clearedGeometry[zoneOf[part.zone]].append(wkb.array) }
            }
            for part in t.freed {
                add(part.zone) { $0.freedM2 += part.m2 }
                if part.zone != outsideZones, let wkb = part.wkb {
                    freedByZone[zoneOf[part.zone]].append(wkb.array); freedAreas[zoneOf[part.zone]].append(part.m2)
                }
            }
        }
    }
    let siteWork = startFindingSites(freedByZone, areas: freedAreas, SiteParameters(gap: o.siteGap, minSite: o.minSite), metricCRS: metricCRS)
    timed("freed land added up by parcel and land use") {
        for t in clearedTally {
            var onParcels: [(zone: Int, m2: Double)] = []
            for (parcel, zone, m2) in t.parcels {
                let z = named(zone)
                let k: Int
                if let known = slotsOfParcel[parcel].first(where: { $0.zone == z }) { k = known.slot } else {
                    let f = parcels!.features[parcel]
                    // The id and the land use trimmed of spaces, as zone names, a claim's district and a
                    // building_id are: " road" is the land use road (it was a second one), "P1 " the parcel P1;
                    // a blank one is none (a land use "(unknown)", a parcel named by its fid, as for NULL).
                    let id = f.string(o.idField)?.nonBlank ?? "fid \(f.fid)"
                    let use = f.string(o.landUseField)?.nonBlank ?? "(unknown)"
                    let key = ParcelKey(id: id, zone: z, use: use)
                    k = parcelSlot[key] ?? {
                        parcelRows.append(ParcelFreed(parcelId: id, zone: z == outsideZones ? outside.zone : names[z], landUse: use, freedM2: 0))
                        useOfSlot.append(number(use))
                        parcelSlot[key] = parcelRows.count - 1
                        return parcelRows.count - 1
                    }()
                    slotsOfParcel[parcel].append((z, k))
                }
                parcelRows[k].freedM2 += m2
                addUse(z, useOfSlot[k], m2)
                addUp(&onParcels, z, m2)
            }
            if parcels != nil {
                var freedHere: [(zone: Int, m2: Double)] = []
                for part in t.freed { addUp(&freedHere, named(part.zone), part.m2) }
                for (z, m2) in freedHere {
                    let rest = m2 - (onParcels.first { $0.zone == z }?.m2 ?? 0)
                    if rest > 1e-6 { addUse(z, noParcel, rest) }
                }
            }
        }
        for row in useM2.indices {
            for (use, m2) in useM2[row].enumerated() {
                if let m2 { update(row == names.count ? outsideZones : row) { $0.landUse[useNames[use]] = m2 } }
            }
        }
    }

    // Sites.
    let sites = try timed("sites") { try siteWork.result() }
    var siteSummaries: [SiteSummary] = []
    for (z, list) in sites.enumerated() {
        figures[z].sites = list.count
        figures[z].siteAreaM2 = list.reduce(0) { $0 + $1.m2 }
        figures[z].largestSiteM2 = list.first?.m2 ?? 0
        for s in list {
            siteSummaries.append(SiteSummary(zone: names[z], m2: s.m2, pieces: s.pieces, wkb: s.wkb))
        }
    }
    var outlines = [[[UInt8]]](repeating: [], count: names.count)
    if o.landGeometry { for (i, f) in zones.features.enumerated() { outlines[zoneOf[i]].append(f.wkb.array) } }

    var totals = ZoneFigures(zone: "total")
    for f in figures { totals.add(f) }
    // Below 1 m² with three decimals: from 0.01 m² on it is said, and "0.0 m² … outside" says nothing.
    func small(_ m2: Double) -> String { m2 < 1 ? fixed(m2, 3) : format(m2) }
    if outside.clearedM2 > 0.01 {
        warnings.append("\(small(outside.clearedM2)) m² of cleared land lies outside every zone (not in the totals)")
    }
    if outside.beforeM2 > 0.01 {
        warnings.append("\(small(outside.beforeM2)) m² of before-survey footprints lie outside every zone (not in the totals)")
    }
    for (survey, n) in [("before", repeated.before), ("after", repeated.after)] where n > 0 {
        warnings.append("\(n) \(survey)-survey building\(n == 1 ? "" : "s") repeat\(n == 1 ? "s" : "") the footprint of an earlier one in the same survey (the same outline within \(o.tolerance) m): the land is counted once, but every copy is counted as a building")
    }
    // Two surveys that differ in no building: most likely the same survey given twice.
    let changes = [totals, outside].reduce(0) { $0 + $1.demolished + $1.partlyDemolished + $1.newStructures }
    if changes == 0 {
        warnings.append(sameSurveyLayer.map { "--before and --after name the same layer (\($0.file): layer '\($0.name)'): nothing can have changed" }
                        ?? "no building changed between the surveys (none demolished, none new): check that --after is the re-survey and not a copy of the before survey")
    }
    if parcelOverlapM2 > 0.01, let parcels {
        let ids = overlappingParcels.sorted().map { i in parcels.features[i].string(o.idField)?.nonBlank ?? "fid \(parcels.features[i].fid)" }
        warnings.append("\(format(parcelOverlapM2)) m² of freed land lies where parcels overlap (counted once, on the parcel first in the layer); \(ids.count) parcels: \(firstFew(ids))")
    }
    let checks = makeChecks(figures: figures, totals: totals, outside: outside, piecesTotal: piecesTotal,
                            beforeCount: before.features.count, landUse: parcels != nil, zoneCutAllowance: zoneCutAllowance)
    // For the maps (`landGeometry`): one valid MultiPolygon per zone and layer, pieces that touch
    // (terraced houses) dissolved, the rest copied; the layers' zones shared out among the cores.
    typealias ZoneShapes = [(zone: String, wkb: [UInt8])]
    let noShapes: (ZoneShapes, ZoneShapes, ZoneShapes) = ([], [], [])
    let (zoneOutlines, clearedLand, freedLand) = !o.landGeometry ? noShapes : try timed("zone geometries") {
        let layers = [outlines, clearedGeometry, freedByZone], n = names.count
        let joined = try parallelMap(3 * n, chunk: 1, makeState: { try Worker(metricCRS: metricCRS) }) { w, k in
            layers[k / n][k % n].isEmpty ? nil : try dissolvedWhereTouching(layers[k / n][k % n], w)
        }
        func layer(_ l: Int) -> [(zone: String, wkb: [UInt8])] { names.indices.compactMap { z in joined[l * n + z].map { (names[z], $0) } } }
        return (layer(0), layer(1), layer(2))
    }
    return Report(crs: metricCRS, zones: figures, totals: totals, outside: outside, warnings: warnings, checks: checks,
                  // Parcels with some freed land: not those a piece only touches (0 to the millimetre).
                  parcels: parcelRows.filter { $0.freedM2 >= 0.0005 }, sites: siteSummaries, buildings: buildings,
                  zoneOutlines: zoneOutlines, clearedLand: clearedLand, freedLand: freedLand, verification: verification, options: o)
}

/// The parcels' id and land-use fields, when the layer lacks them: an id field named with --id-field
/// is an error, as in `area` and `overlaps`; the default one missing names parcels by their feature id,
/// and a missing land-use field leaves their land use unknown, each said in a warning.
func checkParcelFields(_ parcels: PolygonLayer, _ o: ReportOptions) throws -> [String] {
    guard !parcels.fieldNames.isEmpty else { return [] }
    let fields = parcels.fieldNames.joined(separator: ", ")
    var warnings: [String] = []
    if !parcels.fieldNames.contains(o.idField) {
        guard o.idField == ReportOptions.defaultIdField else {
            throw InputError(file: parcels.file, layer: parcels.name, reason: "no field '\(o.idField)' (fields: \(fields)); name the parcel id field with --id-field")
        }
        warnings.append("\(parcels.file): layer '\(parcels.name)': no field '\(o.idField)' (fields: \(fields)); parcels are named by their feature id (name the id field with --id-field)")
    }
    if !parcels.fieldNames.contains(o.landUseField) {
        warnings.append("\(parcels.file): layer '\(parcels.name)': no field '\(o.landUseField)' (fields: \(fields)); every parcel's land use is unknown")
    }
    if parcels.fieldNames.contains(o.idField) {
        var seen = Set<String>(), repeated: [String] = [], named = Set<String>()
        for f in parcels.features {
            if let id = f.string(o.idField)?.nonBlank, !seen.insert(id).inserted, named.insert(id).inserted { repeated.append(id) }
        }
        if !repeated.isEmpty {
            warnings.append("\(parcels.file): layer '\(parcels.name)': \(repeated.count) parcel id\(repeated.count == 1 ? " names" : "s name") more than one parcel (\(firstFew(repeated))); their freed land is listed by id, zone and land use")
        }
    }
    return warnings
}

/// A warning when the overlay CRS is not true to scale where the before survey lies: where, at up to
/// 256 of its buildings, 10 m east or north on the ground is furthest from 10 m on the map (beyond
/// 10 %). The tolerance and the site gap are lengths on the map; there they are not the metres they
/// say, and re-survey noise can become cleared land (QA pass 11: ±6 cm noise at 69.65° N in EPSG:6933,
/// chosen for zones spread over the world, stretched north–south 2.5×, gave 222 m² of cleared land
/// and 2 partly demolished buildings, against none in UTM 33N).
func overlayScaleWarning(_ survey: PolygonLayer, metricCRS: String, _ o: ReportOptions) throws -> String? {
    let features = survey.features
    guard !features.isEmpty else { return nil }
    let toMap = try Transformer(from: "EPSG:4326", to: metricCRS)
    var worst: (factor: Double, east: Double, north: Double, lon: Double, lat: Double)?
    for i in stride(from: 0, to: features.count, by: max(1, features.count / 256)) {
        let e = features[i].envelope
        var centre = [(e.minX + e.maxX) / 2, (e.minY + e.maxY) / 2]
        guard (try? toMap.inverse(&centre)) != nil, centre.allSatisfy(\.isFinite), abs(centre[1]) < 89 else { continue }
        let (lon, lat) = (centre[0], centre[1])
        guard let (kEast, kNorth) = localScale(toMap, longitude: lon, latitude: lat) else { continue }
        let factor = [kEast, kNorth, 1 / kEast, 1 / kNorth].max()!
        if factor > worst?.factor ?? 1.1 { worst = (factor, kEast, kNorth, lon, lat) }
    }
    guard let worst else { return nil }
    let zone = MetricCRS.utm(longitude: worst.lon, latitude: worst.lat)
    return "the overlay CRS \(metricCRS) is not true to scale where the before survey lies: at lon \(fixed(worst.lon, 5)), lat \(fixed(worst.lat, 5)) a metre east on the ground is \(fixed(worst.east, 2)) m on the map and a metre north \(fixed(worst.north, 2)) m, so the tolerance (\(o.tolerance) m) and the site gap (\(o.siteGap) m) are not metres there and re-survey noise may count as cleared land; give --crs a CRS true to scale there (its UTM zone is \(zone)), with zones of that area"
}

/// The fields of a building survey that the report and the claims check use (ids name buildings in
/// per-building results and support the change detection; floors give a claim's floor area).
let surveyFields: Set<String> = [ChangeParameters().idField, "building_id", "floors"]

/// The zone layer prepared in the overlay CRS (given, else the UTM zone of its centre), with each
/// feature's zone name, and where the zones lie (every layer's datum transformation is chosen for it).
func loadZones(_ spec: String, field: String, crs: String?, assumeCRS: String?) throws -> (PolygonLayer, [String], String, LonLatBox?) {
    let raw = try readInput(spec, assumeCRS: assumeCRS, fields: [field])
    let metricCRS = try crs.map(overlayCRS) ?? chooseMetricCRS(for: raw)
    guard raw.fieldNames.contains(field) else {
        throw InputError(file: raw.path, layer: raw.name,
                         reason: "no field '\(field)' (fields: \(raw.fieldNames.joined(separator: ", "))); name the zone field with --zone-field")
    }
    let area = studyArea(of: raw)
    var zones = try preparePolygons(raw, metricCRS: metricCRS, area: area)
    try requirePolygons(zones, role: "zones")
    // Names trimmed of spaces, as the claims' districts are: a zone "西区 " is the 西区 a claim names.
    let given = zones.features.map { $0.string(field)?.nonBlank }
    let unnamed = given.filter { $0 == nil }.count
    if unnamed > 0 {
        zones.notes.append("\(unnamed) zone feature\(unnamed == 1 ? " has" : "s have") no name in field '\(field)'; counted together as the zone '(unnamed)'"
                           + (given.contains("(unnamed)") ? ", with the zone already named so" : ""))
    }
    return (zones, given.map { $0 ?? "(unnamed)" }, metricCRS, area)
}

public struct VerifyOptions: Sendable {
    public var claims: String
    public var before: String
    public var after: String
    public var zones: String
    public var zoneField = "district"
    public var tolerancePct = 5.0
    public var crs: String?
    public var assumeCRS: String?
    /// Whether the verification keeps the claim polygons (for maps and the claims layer).
    public var claimFootprints = false
    public init(claims: String, before: String, after: String, zones: String) {
        self.claims = claims; self.before = before; self.after = after; self.zones = zones
    }
}

/// `parcels verify`: the claims checked against the surveys and zones, without the land report. With
/// the warnings of the zone, before and after layers (repaired and skipped features, zones that overlap
/// or leave gaps), as `runReport` gathers them; the claims' own are in `Verification.warnings`.
public func runVerify(_ o: VerifyOptions) throws -> (Verification, crs: String, warnings: [String]) {
    let (zones, names, metricCRS, area) = try loadZones(o.zones, field: o.zoneField, crs: o.crs, assumeCRS: o.assumeCRS)
    var layers = try readAndPrepare([(o.before, false, surveyFields), (o.after, false, surveyFields), (o.claims, true, claimFields)],
                                    metricCRS: metricCRS, assumeCRS: o.assumeCRS, area: area)
    let (before, after) = (layers[0], layers[1])
    try requirePolygons(before, role: "before-survey")     // as `report`: claims checked against nothing prove nothing
    var warnings = [zones, before, after].flatMap(\.warnings)
    warnings += try timed("zone check") { try checkZones(zones.features, names: names, metricCRS: metricCRS) }
    // The claims layer handed over, not kept here: verifyClaims lets it go once measured.
    let v = try verifyClaims(ClaimInputs(claims: layers.removeLast(), before: before, after: after, zones: zones, zoneNames: names,
                                         tolerancePct: o.tolerancePct, metricCRS: metricCRS, keepFootprints: o.claimFootprints))
    // As `report` refuses surveys that miss the zones: every claim "in no zone" is a wrong file or CRS.
    if !v.claims.isEmpty, v.claims.allSatisfy({ $0.zoneMeasured == nil }) {
        throw InputError(file: zones.file, layer: zones.name, reason: "no claim lies in any of these zones (wrong file or CRS?)")
    }
    return (v, metricCRS, warnings)
}

/// An overlay CRS given with --crs must be projected, in metres.
public func overlayCRS(_ definition: String) throws -> String {
    let crs: CRS
    do { crs = try CRS(definition) } catch { throw InputError(file: "--crs", reason: "unknown CRS '\(definition)': \(error)") }
    // A bare word (no code, PROJ string, WKT or PROJJSON) is a name PROJ looks up, and it settles for
    // a partial match ("foo" gives Amersfoort): a name must be the CRS's own, whatever the case.
    let isName = !definition.contains(where: { ":=[{".contains($0) })
    if isName && crs.name.lowercased() != definition.lowercased() {
        throw InputError(file: "--crs", reason: "unknown CRS '\(definition)' (the nearest name PROJ knows is '\(crs.name)'); give a code such as EPSG:32651, a PROJ string or WKT")
    }
    if crs.isGeographic { throw InputError(file: "--crs", reason: "'\(definition)' is geographic; the overlay needs a projected CRS such as a UTM zone") }
    // A geocentric CRS passes the two tests around this one (not geographic, unit metre), yet its X and
    // Y are no map plane: the overlay there drops Z and cuts and joins the shapes' shadows on the
    // equatorial plane, and cleared land came out a quarter short at Shanghai.
    if let kind = crs.notAPlane {
        throw InputError(file: "--crs", reason: "'\(definition)' (\(crs.name)) is a \(kind) CRS; the overlay needs a projected CRS such as a UTM zone")
    }
    // The tolerance, the site gap and every threshold are metres of the overlay plane: a CRS in feet
    // or kilometres would apply them in its own unit (0.1 ft, 0.1 km) under a report that says metres.
    if abs(crs.metresPerUnit - 1) > 1e-9 {
        throw InputError(file: "--crs", reason: "'\(definition)' (\(crs.name)) measures in units of \(crs.metresPerUnit) m; the overlay needs a CRS in metres, "
                         + "as its tolerances and gaps are metres (a UTM zone, or leave --crs out to have one chosen); areas are ellipsoidal either way")
    }
    return crs.identifier.hasPrefix("EPSG:") ? crs.identifier : definition
}

/// The report's arithmetic, checked on its own figures (relative tolerance 1e-9 plus 1 mm²). Where land
/// was cut into parts (by zones, by parcels), the parts may add up apart from the whole by what
/// cutting a straight edge of the plane does to an area measured along geodesics: `zoneCutAllowance`
/// for the cleared land's zone parts, each zone's `landUseCutAllowanceM2` for its land uses (see
/// `cutAllowance`; negligible but for walls of hundreds of metres).
func makeChecks(figures: [ZoneFigures], totals: ZoneFigures, outside: ZoneFigures, piecesTotal: Double, beforeCount: Int,
                landUse: Bool = false, zoneCutAllowance: Double = 0) -> [Check] {
    func same(_ a: Double, _ b: Double, allowing cut: Double = 0) -> Bool { abs(a - b) <= 1e-9 * max(abs(a), abs(b)) + 1e-6 + cut }
    /// The allowance in a check's detail, where it shows at the detail's 0.1 m².
    func allowing(_ cut: Double) -> String { cut >= 0.05 ? " (± \(format(cut)) m² for cuts across long walls)" : "" }
    var checks: [Check] = []
    let sumCleared = figures.reduce(0) { $0 + $1.clearedM2 }
    checks.append(Check(name: "totals = sum of zones", ok: same(sumCleared, totals.clearedM2) && same(figures.reduce(0) { $0 + $1.freedM2 }, totals.freedM2),
                        detail: "cleared \(format(totals.clearedM2)) m², freed \(format(totals.freedM2)) m²"))
    checks.append(Check(name: "cleared land split by zone adds up", ok: same(sumCleared + outside.clearedM2, piecesTotal, allowing: zoneCutAllowance),
                        detail: "zones \(format(sumCleared)) + outside \(format(outside.clearedM2)) = pieces \(format(piecesTotal)) m²" + allowing(zoneCutAllowance)))
    let classes = totals.unchangedM2 + totals.demolishedM2 + totals.partlyDemolishedM2
    checks.append(Check(name: "before = unchanged + demolished + partly demolished", ok: same(classes, totals.beforeM2),
                        detail: "\(format(totals.beforeM2)) = \(format(totals.unchangedM2)) + \(format(totals.demolishedM2)) + \(format(totals.partlyDemolishedM2)) m²"))
    let counted = totals.unchanged + totals.demolished + totals.partlyDemolished + outside.unchanged + outside.demolished + outside.partlyDemolished
    checks.append(Check(name: "every before building classified once", ok: counted == beforeCount,
                        detail: "\(beforeCount) = \(totals.unchanged + outside.unchanged) unchanged + \(totals.demolished + outside.demolished) demolished + \(totals.partlyDemolished + outside.partlyDemolished) partly demolished"))
    // Cleared land is before-survey land no after-survey footprint covers: each cleared part lies in
    // its building's footprint, and both are counted once and cut by the same zones, so a zone's
    // before land bounds its cleared land by construction, in the plane (measured along geodesics,
    // up to what the after survey's cuts do to long walls' lenses: `clearedAllowance`). The land of
    // demolished and partly demolished buildings does not: a building re-surveyed 0.12 m east keeps a
    // real 0.12 m strip of cleared land yet is unchanged (under `partialMinimum`); nor does that land
    // plus the cleared land of unchanged buildings, since land counted once goes to the first footprint
    // over it, which can be an unchanged building whose own cleared part the opening left narrower.
    // Freed land is measured again after the exclusions are taken away (the pieces' rounding): it may
    // exceed the cleared land it was cut from by rounding, 1e-9 of it as in `same` (the after survey
    // given as the exclusions: 7 of the 100k city's 16 zones over by less than 0.5 mm² each), and by
    // what an exclusion's cut across a long wall does to the wall's lens (`freedAllowance`); cleared
    // land may exceed its footprints by what the after survey's cuts do to theirs (`clearedAllowance`).
    let outOfBounds = figures.filter { !($0.clearedM2 <= $0.beforeM2 + 1e-6 * max(1, $0.clearedM2) + $0.clearedCutAllowanceM2
                                         && $0.freedM2 <= $0.clearedM2 * (1 + 1e-9) + 1e-6 + $0.freedCutAllowanceM2) }
    let freedAllowed = figures.reduce(0) { $0 + $1.freedCutAllowanceM2 + $1.clearedCutAllowanceM2 }
    checks.append(Check(name: "freed ≤ cleared ≤ before, every zone", ok: outOfBounds.isEmpty,
                        detail: outOfBounds.isEmpty
                            ? "freed \(format(totals.freedM2)) ≤ cleared \(format(totals.clearedM2)) ≤ before \(format(totals.beforeM2)) m²" + allowing(freedAllowed)
                            : failing(outOfBounds) { "freed \(format($0.freedM2)) ≤ cleared \(format($0.clearedM2)) ≤ before \(format($0.beforeM2)) m²" + allowing($0.freedCutAllowanceM2 + $0.clearedCutAllowanceM2) }))
    // Freed land by land use, "(no parcel)" included, is the zone's freed land (each piece of land on
    // one parcel only: where parcels overlap, the first in the layer).
    if landUse {
        func uses(_ z: ZoneFigures) -> Double { z.landUse.sorted { $0.key < $1.key }.reduce(0) { $0 + $1.value } }
        let off = (figures + [outside]).filter { !same(uses($0), $0.freedM2, allowing: $0.landUseCutAllowanceM2) }
        let allowed = (figures + [outside]).reduce(0) { $0 + $1.landUseCutAllowanceM2 }
        checks.append(Check(name: "freed land by land use adds up, every zone", ok: off.isEmpty,
                            detail: off.isEmpty
                                ? "land uses \(format(uses(totals))) = freed \(format(totals.freedM2)) m²" + allowing(allowed)
                                : failing(off) { "land uses \(format(uses($0))) ≠ freed \(format($0.freedM2)) m²" + allowing($0.landUseCutAllowanceM2) }))
    }
    return checks
}

/// A failed check's detail: the zones that fail it with their figures (the first five, then a count).
private func failing(_ zones: [ZoneFigures], _ figures: (ZoneFigures) -> String) -> String {
    firstFew(zones.map { "\($0.zone): \(figures($0))" }, separator: "; ")
}

/// The first five of `items`, then how many more: "a, b, c, d, e and 3 more" (warnings and check
/// details that name what they are about, however many there are).
func firstFew(_ items: [String], separator: String = ", ") -> String {
    items.prefix(5).joined(separator: separator) + (items.count > 5 ? " and \(items.count - 5) more" : "")
}

/// Each distinct value once, in the order of its first appearance (a zone layer may have a hundred
/// thousand zones: a set, not a search of the list so far).
public func uniqueInOrder(_ values: [String]) -> [String] {
    var seen = Set<String>()
    return values.filter { seen.insert($0).inserted }
}
