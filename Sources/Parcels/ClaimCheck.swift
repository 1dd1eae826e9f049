// Demolition claims checked against the surveys. Per claim: the measured footprint (ellipsoidal m²
// of the claimed polygon), the floors (the claim's, else the before-survey building with its
// building_id, else the before-survey building under most of it), the measured area (footprint, or
// footprint × floors for a `floor` claim), the zone holding most of it, and the flags:
//   overstated / understated  claimed outside ±tolerance-pct of measured (exactly on it is accepted)
//   duplicate                 overlaps an earlier claim (batch, then date, then file order) by more
//                             than half of the smaller of the two
//   not_demolished            more than half of the polygon still covered by the after survey
//   wrong_zone                most of the polygon lies in another zone than the claim names (not when
//                             the zone it names holds at least half of it: zones may overlap)
//   invalid_geometry          the polygon had to be repaired
// A claim with no flag is verified. Verified m² per zone is the measured area of verified claims,
// less the share already counted by an earlier verified claim (counted once).
import GeoIO
import Geos
import Proj

public enum ClaimFlag: String, Sendable, CaseIterable {
    case overstated, understated, duplicate
    case notDemolished = "not_demolished"
    case wrongZone = "wrong_zone"
    case invalidGeometry = "invalid_geometry"
}

public struct ClaimVerdict: Sendable {
    public let claimId: String
    public let row: Int
    public let zoneClaimed: String
    public let zoneMeasured: String?
    public let areaKind: String
    public let claimedM2: Double
    public let footprintM2: Double
    public let floors: Double?
    public let floorsSource: String?
    public let measuredM2: Double
    public let flags: [ClaimFlag]
    /// One line per flag with the numbers behind it.
    public let evidence: [String]
    public let duplicateOf: String?
    public let stillStandingM2: Double
    /// Measured m² this claim adds to the verified total (0 unless verified).
    public internal(set) var verifiedM2: Double
    public let batch: String?
}

public struct ClaimZoneSummary: Sendable {
    public let zone: String
    public var claims = 0
    public var claimedM2 = 0.0
    public var verifiedM2 = 0.0
    public var flagged = 0
    public var flaggedM2: [ClaimFlag: Double] = [:]
    public var shareVerified: Double { claimedM2 > 0 ? verifiedM2 / claimedM2 : 0 }
}

public struct Verification: Sendable {
    public let claims: [ClaimVerdict]
    public let zones: [ClaimZoneSummary]
    public let totals: ClaimZoneSummary
    /// Rows left out of every total, with why.
    public let rejected: [(row: Int, reason: String)]
    public let tolerancePct: Double
    public let warnings: [String]
    /// The claim polygons in the overlay CRS by row, when they were asked to be kept
    /// (`ClaimInputs.keepFootprints`, for maps and result layers); rows that could not be read are missing.
    public internal(set) var footprints: [Int: [UInt8]]?
}

/// The fields of a claims layer that are read (SPEC.md lists them; `measureClaims` and the floors lookup
/// use them), with the spellings a Shapefile's DBF keeps of the longer ones (10 characters).
let claimFields: Set<String> = Set(ClaimFieldNames.fields.flatMap { [$0.name, String($0.name.prefix(10))] })

/// How a claims layer spells each field SPEC.md gives: its name, or the name cut to the 10 characters a
/// Shapefile keeps (`claimed_ar`, `building_i`). A layer without one of the four a claim needs is an
/// error naming it: every claim would otherwise be rejected, or worse taken as a footprint claim
/// (no area_kind) or as one in the wrong zone (no district).
struct ClaimFieldNames: Sendable {
    static let fields: [(name: String, required: Bool)] = [
        ("claim_id", true), ("district", true), ("claimed_area_m2", true), ("area_kind", true),
        ("floors", false), ("building_id", false), ("batch", false), ("date", false),
    ]
    let id, zone, claimed, kind, floors, buildingId, batch, date: String

    init(_ layer: PolygonLayer) throws {
        let present = Set(layer.fieldNames)
        var missing: [String] = []
        let names = ClaimFieldNames.fields.map { field -> String in
            if present.contains(field.name) { return field.name }
            let short = String(field.name.prefix(10))
            if present.contains(short) { return short }
            if field.required { missing.append(field.name) }
            return field.name
        }
        if !missing.isEmpty {
            let fields = layer.fieldNames.isEmpty ? "none" : layer.fieldNames.joined(separator: ", ")
            throw InputError(file: layer.file, layer: layer.name,
                             reason: "no field \(missing.map { "'\($0)'" }.joined(separator: ", ")) (fields: \(fields)); a claims layer needs claim_id, district, claimed_area_m2 and area_kind")
        }
        (id, zone, claimed, kind) = (names[0], names[1], names[2], names[3])
        (floors, buildingId, batch, date) = (names[4], names[5], names[6], names[7])
    }
}

struct ClaimInputs {
    /// Let go by `verifyClaims` once measured (a city's claims layer is some 76 MB).
    var claims: PolygonLayer
    let before: PolygonLayer
    let after: PolygonLayer
    let zones: PolygonLayer
    let zoneNames: [String]      // per zone feature
    let tolerancePct: Double
    let metricCRS: String
    /// Settles which zone holds a claim from its envelope, where it can (built from `zones` when nil).
    var grid: ZoneGrid? = nil
    /// Indexes of `before` and `after` when the caller has them already (built here when nil).
    var beforeIndex: SpatialIndex? = nil
    var afterIndex: SpatialIndex? = nil
    /// Whether the verification keeps the claim polygons (`Verification.footprints`).
    var keepFootprints = false
}

/// One well-formed claim row.
private struct ClaimRow: Sendable {
    /// Position of the claim's feature in the claims layer (no copy of the feature per row).
    let featureIndex: Int
    let row: Int
    let id: String
    let zone: String
    let claimed: Double
    let kind: String
    let floors: Double?
    let buildingId: String?
    let batch: String?
    /// nil when the row gives none (such a claim comes after the dated ones of its batch).
    let date: ClaimDate?
}

/// A row left out, with why.
private struct RowRejected: Error {
    let row: Int
    let reason: String
}

private struct Measured: Sendable {
    var footprint = 0.0
    var zone: Int?
    /// Whether the zone the claim names holds at least half of it, when another zone holds more
    /// (zones that overlap): then it is not wrong_zone.
    var halfInNamedZone = false
    var stillStanding = 0.0
    var floors: Double?
    var floorsSource: String?
    /// (earlier claim position, overlap m²) for every earlier claim it overlaps.
    var earlier: [(Int, Double)] = []
    /// Why the claim's geometry was repaired, when it was.
    var repair: String?
}

/// The claims' rows read and measured (all that the verdicts need of the claims layer).
private struct MeasuredClaims {
    let rows: [ClaimRow]
    let measured: [Measured]
    /// Row positions, earliest claim first.
    let order: [Int]
    let rejected: [(row: Int, reason: String)]
}

func verifyClaims(_ input: consuming ClaimInputs) throws -> Verification {
    let (claimsFile, claimsWarnings) = (input.claims.file, input.claims.warnings)
    var stopwatch = Stopwatch()
    let measured = try measureClaims(input, &stopwatch)
    let footprints = input.keepFootprints
        ? Dictionary(input.claims.features.map { ($0.row, $0.wkb.array) }, uniquingKeysWith: { first, _ in first }) : nil
    // The claims layer is let go before the verdicts are made (a city's claims layer is some 76 MB;
    // the caller handed over the only reference).
    input.claims = PolygonLayer(file: input.claims.file, name: input.claims.name, crs: input.claims.crs,
                                features: [], skipped: [], droppedZM: false, metresPerUnit: nil)
    returnFreedMemory()          // the overlays' garbage, and the claims layer let go above
    var verification = try judgeClaims(measured, input, claimsFile: claimsFile, claimsWarnings: claimsWarnings, &stopwatch)
    verification.footprints = footprints
    return verification
}

private func measureClaims(_ input: ClaimInputs, _ stopwatch: inout Stopwatch) throws -> MeasuredClaims {
    let claims = input.claims
    // Rows: well-formed ones go on; the rest are rejected with their row number.
    var rejected: [(row: Int, reason: String)] = claims.skipped.map {
        ($0.row, $0.reason == "no geometry" ? "empty or unparseable WKT / no geometry" : $0.reason)
    }
    // Each row read on all cores, straight into the list of rows (the rejected to one side); then, in
    // file order, a claim_id seen before is rejected.
    let features = claims.features
    let names = try ClaimFieldNames(claims)
    let rejections = Locked<[(row: Int, reason: String)]>([])
    var parsed = try parallelCompactMap(features.count, makeState: { () }) { _, k -> ClaimRow? in
        let f = features[k]
        func reject(_ reason: String) -> ClaimRow? { rejections.withLock { $0.append((f.row, reason)) }; return nil }
        let id = f.string(names.id)?.trimmedOfSpaces ?? ""
        let claimed = f.number(names.claimed)
        let kind = (f.string(names.kind) ?? "").trimmedOfSpaces.lowercased()
        if id.isEmpty { return reject("missing claim_id") }
        guard let claimed, claimed.isFinite, claimed >= 0 else {
            let problem = claimed.map { $0.isFinite ? "is negative" : "is not a finite number" } ?? "is missing or not a number"
            return reject("claim \(id): claimed_area_m2 \(problem) (\(f.string(names.claimed) ?? "empty"))")
        }
        guard kind == "footprint" || kind == "floor" else {
            return reject("claim \(id): " + (kind.isEmpty ? "area_kind is empty" : "unknown area_kind '\(kind)'") + " (footprint or floor)")
        }
        // floors: empty is unknown (looked up in the before survey); anything else must be a positive
        // number of at most `maximumFloors`.
        var floors: Double?
        if let text = f.string(names.floors), !text.trimmedOfSpaces.isEmpty {
            guard let value = f.number(names.floors), usableFloors(value) else {
                let problem = f.number(names.floors).map {
                    !$0.isFinite ? "is not a finite number" : $0 <= 0 ? "is not positive" : "is more than \(Int(maximumFloors)) storeys"
                } ?? "is not a number"
                return reject("claim \(id): floors \(problem) (\(text))")
            }
            floors = value
        }
        // date: empty is unknown; anything else must be a calendar date (it orders the claims).
        var date: ClaimDate?
        if let text = f.string(names.date), !text.trimmedOfSpaces.isEmpty {
            guard let value = ClaimDate(text) else {
                return reject("claim \(id): date is not a calendar date (\(text); YYYY-MM-DD, YYYY/MM/DD or YYYYMMDD, a time may follow)")
            }
            date = value
        }
        // The district and building id trimmed as the id is: "西区 " or "西区\u{3000}" typed into a
        // spreadsheet names 西区 (untrimmed, the claim was flagged wrong_zone against a zone printed
        // the same, and a "B1 " found no building B1).
        return ClaimRow(featureIndex: k, row: f.row, id: id, zone: f.string(names.zone)?.trimmedOfSpaces ?? "", claimed: claimed, kind: kind,
                        floors: floors, buildingId: f.string(names.buildingId)?.nonBlank,
                        batch: f.string(names.batch), date: date)
    }
    rejected += rejections.withLock { $0 }
    do {
        var seen = Set<String>(minimumCapacity: parsed.count)     // no growing (1M claims: 20 rehashes)
        var kept = 0
        for k in parsed.indices {
            guard seen.insert(parsed[k].id).inserted else {
                rejected.append((parsed[k].row, "claim \(parsed[k].id): duplicate claim_id"))
                continue
            }
            if kept != k { parsed.swapAt(kept, k) }
            kept += 1
        }
        parsed.removeLast(parsed.count - kept)
    }
    let rows = parsed               // the same storage, no copy
    rejected.sort { $0.row < $1.row }
    if rows.isEmpty {
        throw InputError(file: claims.file, layer: claims.name,
                         reason: "no claim row can be read" + (rejected.first.map { " (row \($0.row): \($0.reason))" } ?? ""))
    }

    // Earlier-first order: batch, then date (as a calendar date; a claim without one after those
    // with one), then file order. (Batches are read as numbers once, not at every comparison.)
    let order: [Int] = {
        let keys = rows.map { (batch: OrderKey($0.batch), date: $0.date, row: $0.row) }
        return rows.indices.sorted { a, b in
            let (x, y) = (keys[a], keys[b])
            if x.batch.text != y.batch.text { return x.batch.precedes(y.batch) }
            if x.date != y.date {
                guard let d = x.date else { return false }
                guard let e = y.date else { return true }
                return d < e
            }
            return x.row < y.row
        }
    }()
    var positions = [Int](repeating: 0, count: rows.count)
    for (p, i) in order.enumerated() { positions[i] = p }
    let position = positions
    // Claims of one polygon, byte for byte (a claim submitted again): the earliest stands for them
    // all in the index of claims, so that n copies of a polygon cost n, not n² pairs (50,000 copies
    // took two minutes and 21 GB). A later copy overlaps the earliest wholly (a duplicate of it);
    // the other copies can never be verified (each is a duplicate of the earliest), so a claim's
    // overlaps with earlier claims are those with the earliest of each polygon.
    var earliestOf: [WKBBytes: Int] = Dictionary(minimumCapacity: rows.count)
    var firstOfShape = Array(rows.indices)
    for i in order {
        let wkb = features[rows[i].featureIndex].wkb   // hashed as one run of bytes (`WKBBytes`)
        if let first = earliestOf[wkb] { firstOfShape[i] = first } else { earliestOf[wkb] = i }
    }
    earliestOf = [:]
    let shapeOf = firstOfShape
    let shapes = rows.indices.filter { shapeOf[$0] == $0 }
    stopwatch.lap("claims: rows and order")

    // Spatial indexes, built once; each worker queries them for its claims.
    let (claimIndex, afterIndex, beforeIndex, zoneIndex, beforeById) = try timed("claims: indexes") {
        // Before-survey buildings by id, for the claims that name one and give no floors.
        let wanted = Set(rows.compactMap { $0.floors == nil ? $0.buildingId : nil })
        var beforeById: [String: [Int]] = [:]
        if !wanted.isEmpty {
            // A survey's million ids looked at on all cores, a slice each; every building with an id,
            // in survey order (a survey may repeat an id: the claim's building is then told by place).
            let before = input.before.features, slice = 1 << 14
            let found = try parallelMap((before.count + slice - 1) / slice, chunk: 1, makeState: { () }) { _, c in
                var found: [String: [Int]] = [:]
                for i in c * slice..<min(before.count, (c + 1) * slice) {
                    if let id = before[i].string("building_id")?.trimmedOfSpaces, wanted.contains(id) { found[id, default: []].append(i) }
                }
                return found
            }
            for part in found { beforeById.merge(part) { $0 + $1 } }
        }
        return (SpatialIndex(count: shapes.count) { features[rows[shapes[$0]].featureIndex].envelope },
                input.afterIndex ?? SpatialIndex(envelopesOf: input.after.features),
                input.beforeIndex ?? SpatialIndex(envelopesOf: input.before.features),
                SpatialIndex(input.zones.features.map(\.envelope)), beforeById)
    }
    let before = input.before.features, after = input.after.features
    let zones = input.zones.features
    let byId = beforeById
    let grid = try input.grid ?? ZoneGrid(zones: zones, metricCRS: input.metricCRS)
    let measured = try timed("claims: measure") { try parallelMap(rows.count, makeState: { () throws -> (Worker, LayerCache) in
        (try Worker(metricCRS: input.metricCRS), LayerCache(zones))
    }) { state, i -> Measured in
        let (w, zoneCache) = state
        var m = Measured()
        let row = rows[i]
        let feature = features[row.featureIndex]
        let envelope = feature.envelope
        let g = try w.geometry(feature.wkb)
        let planar = try g.area()
        m.footprint = feature.areaM2     // measured on the claim's own coordinates when read
        m.repair = feature.repair
        let prepared = try g.prepared()
        // Neighbours that only touch the claim (terraced houses) are passed over before any geometry is made.
        let view = PolygonWKB(feature.wkb)
        func touchesOnly(_ other: WKBBytes) -> Bool { separatedByAnEdge(view, other, w.geos) }

        // Zone holding most of it.
        var best = 0.0
        if let z = grid.zone(holding: envelope) { m.zone = z }
        else { for z in zoneIndex.candidates(envelope) {
            guard try zoneCache.intersects(z, g, w) else { continue }
            let a = try zoneCache.containsProperly(z, g, w) ? planar : try g.intersection(zoneCache.clipped(z, to: g.envelope!.expanded(by: 1), w)).area()
            if a > best { best = a; m.zone = z }
        } }
        // Where another zone holds most of it, the share the zone it names holds (zones may overlap:
        // a claim wholly in the zone it names may lie in another as well). Zones of the same name
        // are one zone.
        if m.zone.map({ input.zoneNames[$0] }) != row.zone {
            var pieces: [Geometry] = []
            for z in zoneIndex.candidates(envelope) where input.zoneNames[z] == row.zone {
                guard try zoneCache.intersects(z, g, w) else { continue }
                if try zoneCache.containsProperly(z, g, w) { pieces = [g]; break }
                if let piece = try g.intersection(zoneCache.clipped(z, to: g.envelope!.expanded(by: 1), w)).polygonalPart() {
                    pieces.append(piece)
                }
            }
            let inNamed = pieces.isEmpty ? 0 : pieces.count == 1 ? try pieces[0].area() : try w.union(pieces).area()
            m.halfInNamedZone = inNamed >= 0.5 * planar
        }
        // Still standing: the part covered by after-survey buildings.
        let standingIndex = afterIndex.candidates(envelope).filter { !touchesOnly(after[$0].wkb) }
        let standing = try zip(standingIndex, standingIndex.map { try w.geometry(after[$0].wkb) }).filter { try prepared.intersects($0.1) }
        if !standing.isEmpty {
            // Buildings standing wholly on the claim (a shed rebuilt on a cleared footprint) are their
            // own overlap with it: no intersection. One building across it, both convex (a building
            // claimed demolished, still there as re-surveyed): their overlap on the coordinates.
            if try standing.allSatisfy({ try prepared.contains($0.1) }) {
                m.stillStanding = try w.ellipsoidalArea(w.union(standing.map(\.1)))
            } else if standing.count == 1, let view, let other = PolygonWKB(after[standing[0].0].wkb), let ring = convexOverlap(view, other) {
                m.stillStanding = try w.ellipsoidalArea(ring: ring)
            } else {
                m.stillStanding = try w.ellipsoidalArea(g.intersection(w.union(standing.map(\.1))))
            }
        }
        // Floors: the claim's, else its building's by id (the one under most of the claim when the
        // survey repeats the id), else the building under most of it.
        if let f = row.floors { m.floors = f; m.floorsSource = "claim" }
        else if let id = row.buildingId, let list = byId[id], let (b, f) = try buildingNamed(list, under: g, prepared, before, w) {
            m.floors = f
            m.floorsSource = "before-survey building \(id)" + (list.count > 1 ? " (of the \(list.count) with that id, the one under most of the claim, feature \(before[b].row))" : "")
        } else if let (b, f) = try buildingUnderMost(of: g, prepared, among: beforeIndex.candidates(envelope).filter { !touchesOnly(before[$0].wkb) }, before, w) {
            m.floors = f
            m.floorsSource = "before-survey building under it" + (before[b].string("building_id").map { " (\($0))" } ?? "")
        }
        // Overlaps with earlier claims: the earliest claim of each polygon (see `shapeOf`), earliest
        // first. The first that overlaps the claim by more than half of the smaller makes it a
        // duplicate of that claim, and a duplicate is never verified, so the overlaps after it are
        // never asked for: they are not measured (a building claimed 5,000 times, each polygon a few
        // centimetres from the others, took an intersection per pair of claims: 111 s).
        var earlier: [Int] = []
        if shapeOf[i] != i { earlier.append(shapeOf[i]) }
        claimIndex.forEach(intersecting: envelope) { k in      // in any order: sorted below
            let j = shapes[k]
            if j != shapeOf[i], position[j] < position[i] { earlier.append(j) }
        }
        // Earliest first: a duplicate names the earliest claim it repeats. Most claims stop at the
        // earliest, so it is picked out before the rest are sorted (20,000 claims of one building
        // moved apart sorted every earlier claim, twice, for each claim: 31.6 CPU s).
        func overlapStops(_ j: Int) throws -> Bool {
            let a: Double
            if j == shapeOf[i] {
                // The same polygon claimed earlier (a duplicate, the common case) overlaps the whole claim.
                a = try w.ellipsoidalArea(g)       // measured as the overlay's results are
            } else {
                let otherWKB = features[rows[j].featureIndex].wkb
                if touchesOnly(otherWKB) { return false }
                let other = try w.geometry(otherWKB)
                guard try prepared.intersects(other), let common = try g.intersection(other).polygonalPart() else { return false }
                a = try w.ellipsoidalArea(common)
            }
            guard a > 0 else { return false }
            m.earlier.append((j, a))
            // As `judgeClaims` tells a duplicate (the footprints are the features' areas).
            return makesDuplicate(overlap: a, m.footprint, features[rows[j].featureIndex].areaM2)
        }
        if let k = earlier.indices.min(by: { position[earlier[$0]] < position[earlier[$1]] }) {
            earlier.swapAt(0, k)
            if try !overlapStops(earlier[0]) {
                earlier[1...].sort { position[$0] < position[$1] }
                for j in earlier.dropFirst() where try overlapStops(j) { break }
            }
        }
        return m
    } }
    return MeasuredClaims(rows: rows, measured: measured, order: order, rejected: rejected)
}

private func judgeClaims(_ claims: MeasuredClaims, _ input: ClaimInputs, claimsFile: String, claimsWarnings: [String],
                         _ stopwatch: inout Stopwatch) throws -> Verification {
    let (rows, measured, order, rejected) = (claims.rows, claims.measured, claims.order, claims.rejected)
    stopwatch = Stopwatch()
    // Verdicts, earliest first so a claim's verified share can discount earlier verified claims.
    let tol = input.tolerancePct / 100
    let names = input.zoneNames
    // Flags and their evidence on all cores (they depend on this claim and the measures of earlier
    // ones); then, earliest first, the verified shares.
    // Each claim's verdict is made here, its verified share (0 until then) set below.
    var list = try parallelMap(rows.count, makeState: { () }) { _, i -> ClaimVerdict in
        let row = rows[i], m = measured[i]
        var flags: [ClaimFlag] = []
        var evidence: [String] = []
        var duplicateOf: String?
        let measuredM2 = row.kind == "floor" ? m.footprint * (m.floors ?? 1) : m.footprint
        if row.kind == "floor" && m.floors == nil { evidence.append("floors unknown: floor area measured as footprint × 1") }
        var basis: String { row.kind == "floor"
            ? "floor area: footprint \(fixed(m.footprint, 1)) m² × \(m.floors.map { fixed($0, $0 == $0.rounded() ? 0 : 1) } ?? "1") floors (\(m.floorsSource ?? "floors unknown"))"
            : "footprint" }
        var difference: String { "claimed \(fixed(row.claimed, 1)) m² vs measured \(fixed(measuredM2, 1)) m² (\(basis)): \(signed(ratio(row.claimed, measuredM2), apartFrom: input.tolerancePct))%" }
        if row.claimed > measuredM2 * (1 + tol) + 1e-9 {
            flags.append(.overstated)
            evidence.append("overstated: \(difference), beyond +\(fixed(input.tolerancePct, 1))%")
        } else if row.claimed < measuredM2 * (1 - tol) - 1e-9 {
            flags.append(.understated)
            evidence.append("understated: \(difference), beyond −\(fixed(input.tolerancePct, 1))%")
        }
        for (j, overlap) in m.earlier {
            if makesDuplicate(overlap: overlap, m.footprint, measured[j].footprint) {
                let smaller = min(m.footprint, measured[j].footprint)
                flags.append(.duplicate)
                duplicateOf = rows[j].id
                evidence.append("duplicate: overlaps earlier claim \(rows[j].id) (\(rows[j].zone)\(rows[j].batch?.nonBlank.map { ", batch \($0)" } ?? "")) by \(fixed(overlap, 1)) m², \(fixed(100 * overlap / smaller, 1))% of the smaller")
                break
            }
        }
        if m.stillStanding > 0.5 * m.footprint {
            flags.append(.notDemolished)
            evidence.append("not_demolished: \(fixed(m.stillStanding, 1)) m² of \(fixed(m.footprint, 1)) m² (\(fixed(100 * m.stillStanding / max(m.footprint, 1e-12), 1))%) still covered in the after survey")
        }
        let zoneMeasured = m.zone.map { names[$0] }
        if zoneMeasured != row.zone && !m.halfInNamedZone {
            flags.append(.wrongZone)
            evidence.append("wrong_zone: claimed by '\(row.zone)' but most of it lies in \(zoneMeasured.map { "'\($0)'" } ?? "no zone")")
        }
        if let repair = m.repair {
            flags.append(.invalidGeometry)
            evidence.append("invalid_geometry: \(repair)")
        }
        return ClaimVerdict(claimId: row.id, row: row.row, zoneClaimed: row.zone, zoneMeasured: zoneMeasured,
                            areaKind: row.kind, claimedM2: row.claimed, footprintM2: m.footprint, floors: m.floors,
                            floorsSource: m.floorsSource, measuredM2: measuredM2, flags: flags, evidence: evidence,
                            duplicateOf: duplicateOf, stillStandingM2: m.stillStanding, verifiedM2: 0, batch: row.batch)
    }
    // The verified shares, earliest first (a claim's share discounts land earlier verified claims hold).
    var verifiedFootprint = [Double](repeating: 0, count: rows.count)
    for i in order where list[i].flags.isEmpty {
        let m = measured[i]
        // Counted once: discount land an earlier verified claim already holds.
        let already = m.earlier.filter { verifiedFootprint[$0.0] > 0 }.reduce(0) { $0 + $1.1 }
        let share = m.footprint > 0 ? max(0, 1 - already / m.footprint) : 0
        list[i].verifiedM2 = list[i].measuredM2 * share
        verifiedFootprint[i] = m.footprint * share
    }
    stopwatch.lap("claims: verdicts")

    // Per claimed zone and in total.
    // Each claimed zone's summary in the order first claimed; its name looked up once per claim
    // (hashing a name such as 黄浦区 costs more than the sums).
    var slot: [String: Int] = [:]
    var summaries: [ClaimZoneSummary] = []
    var totals = ClaimZoneSummary(zone: "total")
    func add(_ v: ClaimVerdict, to s: inout ClaimZoneSummary) {
        s.claims += 1; s.claimedM2 += v.claimedM2; s.verifiedM2 += v.verifiedM2
        if !v.flags.isEmpty { s.flagged += 1 }
        for f in v.flags { s.flaggedM2[f, default: 0] += v.claimedM2 }
    }
    for v in list {
        let k = slot[v.zoneClaimed] ?? {
            summaries.append(ClaimZoneSummary(zone: v.zoneClaimed))
            slot[v.zoneClaimed] = summaries.count - 1
            return summaries.count - 1
        }()
        add(v, to: &summaries[k])
        add(v, to: &totals)
    }
    // Zones in the order of the zone layer, then names it does not know.
    let known = uniqueInOrder(names), knownSet = Set(known)
    let zoneList = (known.compactMap { slot[$0] } + summaries.indices.filter { !knownSet.contains(summaries[$0].zone) }).map { summaries[$0] }
    stopwatch.lap("claims: totals")
    return Verification(claims: list, zones: zoneList, totals: totals, rejected: rejected, tolerancePct: input.tolerancePct,
                        warnings: claimsWarnings + unknownZones(summaries.map(\.zone).filter { !knownSet.contains($0) }, known: known, claimsFile: claimsFile)
                            + rejected.map { "\(claimsFile): row \($0.row): rejected (\($0.reason))" })
}

/// Claimed zones the zone layer does not have (a misspelt district, or zones keyed by another field):
/// their claims are all `wrong_zone`, which this line explains.
private func unknownZones(_ unknown: [String], known: [String], claimsFile: String) -> [String] {
    guard !unknown.isEmpty else { return [] }
    func quoted(_ names: [String]) -> String { firstFew(names.map { "'\($0)'" }) }
    return ["\(claimsFile): claims name \(unknown.count) zone\(unknown.count == 1 ? "" : "s") the zone layer does not have (\(quoted(unknown))); its zones are \(quoted(known))"]
}

/// A percentage with its sign, to one decimal; to as many as three where one would print the tolerance
/// it lies beyond (+5.002 %, not +5.0 %, for a claim just outside ±5 %).
private func signed(_ x: Double, apartFrom tolerance: Double? = nil) -> String {
    var digits = 1
    if let tolerance { while digits < 3, fixed(abs(x), digits) == fixed(tolerance, digits) { digits += 1 } }
    return (x >= 0 ? "+" : "−") + fixed(abs(x), digits)
}

private func ratio(_ claimed: Double, _ measured: Double) -> Double {
    measured > 0 ? 100 * (claimed - measured) / measured : 0
}

/// A batch: batches compare as numbers when both are numbers, else as text; a missing one comes last.
private struct OrderKey {
    let text: String?
    let number: Double?
    init(_ text: String?) { self.text = text; number = text.flatMap(Double.init) }

    func precedes(_ other: OrderKey) -> Bool {
        guard let a = text, !a.isEmpty else { return false }
        guard let b = other.text, !b.isEmpty else { return true }
        if let x = number, let y = other.number { return x < y }
        return a < b
    }
}

import Foundation

/// Whether two claims of footprints `a` and `b` (m²) overlapping by `overlap` are one claimed twice:
/// the overlap is more than half of the smaller.
private func makesDuplicate(overlap: Double, _ a: Double, _ b: Double) -> Bool { overlap > 0.5 * min(a, b) }

/// The most floors a claim or a before-survey building may give. The tallest buildings have some
/// 160 storeys; a count beyond this is a typing or unit error, not a building: floors of 1e308 made a
/// floor area of footprint × 1e308, infinite, printed null in every total it reached.
let maximumFloors = 1_000.0

/// Whether `floors` is a count of floors: finite, positive, at most `maximumFloors` (a footprint,
/// finite, times it is then finite too).
private func usableFloors(_ floors: Double) -> Bool { floors.isFinite && floors > 0 && floors <= maximumFloors }

/// A before-survey building's floors, when they are a count of floors (`usableFloors`); else none, as
/// for a building without floors (the claim looks further, else is measured as footprint × 1 and says so).
private func floors(of building: PolygonFeature) -> Double? {
    building.number("floors").flatMap { usableFloors($0) ? $0 : nil }
}

/// Of the before-survey buildings carrying a claim's building_id (`list`, in survey order), the one
/// that gives its floors, with them: the only one with floors, or, when the survey repeats the id,
/// the one under most of the claim (the first with floors when none is under it).
private func buildingNamed(_ list: [Int], under claim: Geometry, _ prepared: PreparedGeometry,
                           _ before: [PolygonFeature], _ w: Worker) throws -> (Int, Double)? {
    let withFloors = list.compactMap { b in floors(of: before[b]).map { (b, $0) } }
    guard withFloors.count > 1 else { return withFloors.first }
    return try buildingUnderMost(of: claim, prepared, among: withFloors.map(\.0), before, w) ?? withFloors.first
}

/// Of the before-survey buildings `candidates` (in order), the one with floors under most of the
/// claim `claim`, with its floors; nil when none with floors lies under it.
private func buildingUnderMost(of claim: Geometry, _ prepared: PreparedGeometry, among candidates: [Int],
                               _ before: [PolygonFeature], _ w: Worker) throws -> (Int, Double)? {
    var best: (building: (Int, Double), overlap: Double)?
    for b in candidates {
        let g = try w.geometry(before[b].wkb)
        guard try prepared.intersects(g), let f = floors(of: before[b]) else { continue }
        // A building wholly on the claim is its own overlap: no intersection, which costs the whole
        // claim's outline (a district-wide claim of 200,000 vertices over 2,000 buildings: 80 s).
        let a = try prepared.contains(g) ? g.area() : claim.intersection(g).area()
        if a > (best?.overlap ?? 0) { best = ((b, f), a) }
    }
    return best?.building
}

