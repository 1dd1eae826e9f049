// report.html: one self-contained page a planner reads (no network: CSS and SVG inline). In order:
// headline figures, a map of the zones with cleared land, freed land, sites and new structures, a bar
// chart of freed land by zone, the per-zone table, claims (with --claims), a small map per zone, the
// report's checks and warnings, and the methodology. Areas in the --units the user asked for.
import Foundation
import GeoIO
import Parcels

/// The whole report page.
func htmlReport(_ r: Report, units u: AreaUnit) -> String {
    let o = r.options
    let t = r.totals
    var body = "<header><h1>Land freed by the demolition campaign</h1>"
    body += "<p class=\"sub\">\(r.zones.count) zones · overlay CRS \(html(r.crs)) · areas on the WGS84 ellipsoid in \(html(u.label))</p></header>"

    // Headline figures.
    var cards = [
        card("Freed land", "\(u.format(t.freedM2)) \(u.label)", "of \(u.format(t.clearedM2)) \(u.label) cleared", id: "freed"),
        card("Sites", String(t.sites), "\(u.format(t.siteAreaM2)) \(u.label), each ≥ \(plain(o.minSite)) m²", id: "sites"),
        card("Buildings demolished", String(t.demolished), "and \(t.partlyDemolished) partly demolished", id: "demolished"),
        card("New structures", String(t.newStructures), "\(t.rebuilt) of them rebuilt on cleared land", id: "new"),
    ]
    if let v = r.verification {
        cards.append(card("Claims verified", String(format: "%.1f%%", 100 * v.totals.shareVerified),
                          "\(u.format(v.totals.verifiedM2)) of \(u.format(v.totals.claimedM2)) \(u.label) claimed; \(v.totals.flagged) of \(v.totals.claims) claims flagged", id: "claims"))
    }
    body += "<section class=\"cards\">" + cards.joined() + "</section>"

    // The map.
    let data = ReportMapData(r)
    let layers = data.layers(zone: nil)
    var extent = Extent()
    for s in layers.first?.shapes ?? [] { extent.add(s.extent) }
    if extent.isEmpty { for l in layers { for s in l.shapes { extent.add(s.extent) } } }
    let drawn = zonesDrawn(r)
    let labelled = Set(drawn.zones)
    // Beyond the limit, names on the map would only cover it.
    let labels = drawn.note != nil ? [] : layers.first?.shapes.compactMap { s in labelPoint(s).map { (s.name ?? "", $0.0, $0.1) } } ?? []
    body += "<section><h2>Map</h2>"
    body += svgMap(layers, extent: extent.padded(0.02), maxWidth: 960, maxHeight: 880, labels: labels, id: "map", title: "Map of the zones")
    body += legend(reportLegend) + "</section>"

    // Freed land by zone.
    body += "<section><h2>Freed land by zone</h2>" + (drawn.note.map { "<p class=\"note\">\(html($0))</p>" } ?? "")
    // All zones in the report's order; or the ones with the most freed land, most first.
    let bars = drawn.note == nil ? r.zones : r.zones.filter { labelled.contains($0.zone) }.sorted { $0.freedM2 > $1.freedM2 }
    body += barChart(bars.map { BarRow(label: $0.zone, value: $0.freedM2, behind: $0.clearedM2) }, units: u, id: "chart",
                     title: "Freed land by zone", frontClass: "bar-freed", behindClass: "bar-cleared")
    body += legend([("swatch-freed", "freed land"), ("swatch-cleared", "cleared land (incl. excluded)")]) + "</section>"

    // The per-zone table.
    body += "<section><h2>Figures by zone</h2><p class=\"note\">Areas in \(html(u.label)); buildings counted in the zone holding most of them.</p>"
    body += htmlTable(htmlZoneTable(r, units: u), id: "zones", lastIsTotal: true)
    let landUse = t.landUse.sorted { $0.value > $1.value }
    if !landUse.isEmpty {
        body += "<h3>Freed land by land use</h3>"
        body += htmlTable(Table(headers: ["land use", "freed (\(u.label))"], rows: landUse.map { [$0.key, u.format($0.value)] }, numeric: [1]), id: "landuse")
    }
    body += "</section>"

    if let v = r.verification { body += claimsSummary(v, units: u) }

    // A small map per zone.
    body += "<section><h2>Zones</h2>" + (drawn.note.map { "<p class=\"note\">\(html($0))</p>" } ?? "") + "<div class=\"zone-maps\">"
    var zoneExtents: [String: Extent] = [:]
    for s in data.zones { zoneExtents[s.name ?? "", default: Extent()].add(s.extent) }
    let figures = Dictionary(r.zones.map { ($0.zone, $0) }, uniquingKeysWith: { a, _ in a })
    let zoneNames = drawn.zones
    body += parallelMap(zoneNames.count) { i in
        let zone = zoneNames[i]
        let zl = data.layers(zone: zone)
        let e = zoneExtents[zone] ?? Extent()
        let f = figures[zone] ?? ZoneFigures(zone: zone)
        return "<figure class=\"zone-map\">" + svgMap(zl, extent: e.padded(0.03), maxWidth: 300, maxHeight: 300, id: "zone-\(zoneSlug(zone))", title: zone)
            + "<figcaption><b>\(html(zone))</b><br>freed \(u.format(f.freedM2)) \(u.label) · \(f.sites) site\(f.sites == 1 ? "" : "s")"
            + " · \(f.demolished) demolished, \(f.newStructures) new</figcaption></figure>"
    }.joined()
    body += "</div>" + legend(reportLegend) + "</section>"

    if let v = r.verification { body += flaggedClaims(v, units: u, shown: 100) }
    body += checksSection(r)
    body += methodology(r, units: u)
    return page(title: "parcels report", body: body)
}

/// Zones drawn one by one (a bar, a label, a small map each): all of them up to this many; beyond,
/// those with the most freed land. The tables, report.json and results.gpkg keep every zone (a layer of
/// a hundred thousand blocks as zones made a 250 MB page that took minutes to draw).
let zoneDrawingLimit = 200

/// The zones to draw, in the report's order, and the note saying which when not all of them.
func zonesDrawn(_ r: Report) -> (zones: [String], note: String?) {
    let names = uniqueInOrder(r.zoneOutlines.map(\.zone))
    guard names.count > zoneDrawingLimit else { return (names, nil) }
    let freed = Dictionary(r.zones.map { ($0.zone, $0.freedM2) }, uniquingKeysWith: { a, _ in a })
    let ranked = names.indices.sorted { (freed[names[$0]] ?? 0, $1) > (freed[names[$1]] ?? 0, $0) }
    let kept = Set(ranked.prefix(zoneDrawingLimit))
    return (names.indices.filter(kept.contains).map { names[$0] },
            "\(names.count) zones: drawn here are the \(zoneDrawingLimit) with the most freed land; the table, report.json and results.gpkg have every zone.")
}

/// `verify`'s page: headline figures, a map of the claims (with zone outlines), claimed against
/// verified land by zone, the claim tables and how claims are checked.
func htmlVerify(_ v: Verification, crs: String, zoneOutlines: [(zone: String, wkb: [UInt8])], claimFootprints: [Int: [UInt8]],
                warnings: [String] = [], units u: AreaUnit) -> String {
    let t = v.totals
    var body = "<header><h1>Demolition claims checked</h1>"
    body += "<p class=\"sub\">\(v.claims.count) claims · overlay CRS \(html(crs)) · areas on the WGS84 ellipsoid in \(html(u.label)) · tolerance ±\(plain(v.tolerancePct))%</p></header>"
    body += "<section class=\"cards\">"
        + card("Claims verified", String(format: "%.1f%%", 100 * t.shareVerified), "verified share of the claimed area", id: "claims")
        + card("Verified", "\(u.format(t.verifiedM2)) \(u.label)", "of \(u.format(t.claimedM2)) \(u.label) claimed", id: "verified")
        + card("Flagged claims", String(t.flagged), "of \(t.claims) checked", id: "flagged")
        + card("Rejected rows", String(v.rejected.count), "not in any total", id: "rejected")
        + "</section>"

    let zones = groupedShapes(zoneOutlines)
    let ok = v.claims.filter { $0.flags.isEmpty }, flagged = v.claims.filter { !$0.flags.isEmpty }
    // Flagged claims carry their id and flags as a tooltip (up to 2,000 of them: the page stays small).
    func shapes(_ list: [ClaimVerdict], named: Bool) -> [MapShape] {
        list.compactMap { c in
            claimFootprints[c.row].map { MapShape(wkbs: [$0], name: named ? "\(c.claimId): \(c.flags.map(\.rawValue).joined(separator: ", "))" : nil) }
        }
    }
    let layers = [MapLayer(cssClass: "zones", shapes: zones, keepSmall: true),
                  MapLayer(cssClass: "claim-ok", shapes: shapes(ok, named: false)),
                  MapLayer(cssClass: "claim-flagged", shapes: shapes(flagged, named: flagged.count <= 2000))]
    var extent = Extent()
    for s in zones { extent.add(s.extent) }
    if extent.isEmpty { for l in layers { for s in l.shapes { extent.add(s.extent) } } }
    body += "<section><h2>Map</h2>" + svgMap(layers, extent: extent.padded(0.02), maxWidth: 960, maxHeight: 880,
                                            labels: zones.count > zoneDrawingLimit ? [] : zones.compactMap { s in labelPoint(s).map { (s.name ?? "", $0.0, $0.1) } },
                                            id: "map", title: "Map of the claims")
    body += legend([("swatch-zone", "zone"), ("swatch-claim-ok", "verified claim"), ("swatch-claim-flagged", "flagged claim")]) + "</section>"
    body += "<section><h2>Claimed and verified land by zone</h2>"
    body += barChart(v.zones.map { BarRow(label: $0.zone, value: $0.verifiedM2, behind: $0.claimedM2,
                                     text: "\(u.format($0.verifiedM2)) of \(u.format($0.claimedM2)) \(u.label)") }, units: u, id: "chart",
                     title: "Claimed and verified land by zone", frontClass: "bar-freed", behindClass: "bar-claimed")
    body += legend([("swatch-freed", "verified"), ("swatch-claimed", "claimed")]) + "</section>"
    body += claimsSummary(v, units: u) + flaggedClaims(v, units: u, shown: 500)
    if !warnings.isEmpty { body += "<section>" + warningList(warnings) + "</section>" }
    body += "<section class=\"method\"><h2>Methodology</h2><dl>" + claimDefinitions(v) + "</dl></section>"
    return page(title: "parcels verify", body: body)
}

// MARK: - Pieces

private let reportLegend = [
    ("swatch-zone", "zone"), ("swatch-standing", "standing building"), ("swatch-cleared", "cleared land, excluded (road, water…)"),
    ("swatch-freed", "freed land"), ("swatch-site", "site (outline; a ring where small)"), ("swatch-new", "new structure"), ("swatch-rebuilt", "rebuilt on cleared land"),
]

/// The report map's shapes, read once from the report's WKB (on all cores), and the positions of
/// each zone's shapes in every layer.
private struct ReportMapData {
    /// The layers under the zone outlines, bottom to top, and how each is drawn.
    private static let kinds: [(cssClass: String, minPixels: Double, markerBelow: Double?)] = [
        ("standing", 1.5, nil), ("cleared", 1, nil), ("freed", 1, nil), ("sites", 1, 7), ("new", 1, 3), ("rebuilt", 1, 3),
    ]
    let zones: [MapShape]
    private var shapes: [[MapShape]] = []            // per kind
    private var byZone: [String: [[Int]]] = [:]      // zone → per kind, its shapes' positions

    init(_ r: Report) {
        zones = groupedShapes(r.zoneOutlines)
        var lists: [[(zone: String?, wkb: [UInt8])]] = Array(repeating: [], count: Self.kinds.count)
        for b in r.buildings where b.survey == "after" {
            lists[b.change == "new" ? 4 : b.change == "rebuilt" ? 5 : 0].append((b.zone, b.wkb))
        }
        lists[1] = r.clearedLand.map { ($0.zone, $0.wkb) }
        lists[2] = r.freedLand.map { ($0.zone, $0.wkb) }
        lists[3] = r.sites.map { ($0.zone, $0.wkb) }
        for (k, list) in lists.enumerated() {
            let slice = 4096
            shapes.append(parallelMap((list.count + slice - 1) / slice) { c in
                (c * slice..<min(list.count, (c + 1) * slice)).map { MapShape(wkbs: [list[$0].wkb]) }
            }.flatMap { $0 })
            for (i, item) in list.enumerated() {
                guard let zone = item.zone else { continue }
                byZone[zone, default: Array(repeating: [], count: Self.kinds.count)][k].append(i)
            }
        }
    }

    /// The layers bottom to top; only the shapes of `zone` when one is given (every zone outline stays,
    /// as context).
    func layers(zone: String?) -> [MapLayer] {
        let picked = Self.kinds.indices.map { k in
            zone.map { z in (byZone[z]?[k] ?? []).map { shapes[k][$0] } } ?? shapes[k]
        }
        return [MapLayer(cssClass: "zones", shapes: zones, keepSmall: true)] + Self.kinds.indices.map { k in
            MapLayer(cssClass: Self.kinds[k].cssClass, shapes: picked[k], minPixels: Self.kinds[k].minPixels,
                     markerBelow: Self.kinds[k].markerBelow)
        }
    }
}

/// One shape per zone name (a zone may have several features), in first-seen order.
private func groupedShapes(_ items: [(zone: String, wkb: [UInt8])]) -> [MapShape] {
    var order: [String] = []
    var wkbs: [String: [[UInt8]]] = [:]
    for (z, w) in items {
        if wkbs[z] == nil { order.append(z) }
        wkbs[z, default: []].append(w)
    }
    return order.map { MapShape(wkbs: wkbs[$0]!, name: $0) }
}

private func card(_ label: String, _ value: String, _ detail: String, id: String) -> String {
    "<div class=\"card\" id=\"card-\(id)\"><div class=\"label\">\(html(label))</div><div class=\"value\">\(html(value))</div><div class=\"detail\">\(html(detail))</div></div>"
}

private func legend(_ items: [(String, String)]) -> String {
    "<ul class=\"legend\">" + items.map { "<li><span class=\"swatch \($0.0)\"></span>\(html($0.1))</li>" }.joined() + "</ul>"
}

/// The per-zone figures with short headers (the unit is said once above the table).
private func htmlZoneTable(_ r: Report, units u: AreaUnit) -> Table {
    let headers = ["zone", "zone area", "before", "after", "cleared", "freed", "sites", "site area", "largest site",
                   "demolished", "partly demolished", "unchanged", "new", "rebuilt"]
    let rows = (r.zones + [r.totals]).map { z in
        [z.zone] + [z.zoneAreaM2, z.beforeM2, z.afterM2, z.clearedM2, z.freedM2].map { u.format($0) } + [String(z.sites)]
            + [z.siteAreaM2, z.largestSiteM2].map { u.format($0) }
            + [z.demolished, z.partlyDemolished, z.unchanged, z.newStructures, z.rebuilt].map(String.init)
    }
    return Table(headers: headers, rows: rows, numeric: Set(1..<headers.count))
}

/// A text table as HTML; numeric columns aligned right; the last row bold when it is the total.
func htmlTable(_ t: Table, id: String, lastIsTotal: Bool = false) -> String {
    var out = "<div class=\"table-wrap\"><table id=\"table-\(id)\"><thead><tr>"
    for (i, h) in t.headers.enumerated() { out += "<th\(t.numeric.contains(i) ? " class=\"num\"" : "")>\(html(h))</th>" }
    out += "</tr></thead><tbody>"
    for (n, row) in t.rows.enumerated() {
        out += lastIsTotal && n == t.rows.count - 1 ? "<tr class=\"total\">" : "<tr>"
        for (i, c) in row.enumerated() { out += "<td\(t.numeric.contains(i) ? " class=\"num\"" : "")>\(html(c))</td>" }
        out += "</tr>"
    }
    return out + "</tbody></table></div>"
}

/// Claimed and verified land per zone, and the flags counted.
private func claimsSummary(_ v: Verification, units u: AreaUnit) -> String {
    var out = "<section><h2>Claims</h2>"
    out += htmlTable(claimZoneTable(v, units: u, plain: false), id: "claim-zones", lastIsTotal: true)
    let flagged = v.claims.filter { !$0.flags.isEmpty }
    let counts = ClaimFlag.allCases.compactMap { f in
        let n = flagged.filter { $0.flags.contains(f) }.count
        return n > 0 ? "\(f.rawValue) \(n)" : nil
    }
    out += "<p>\(v.claims.count) claim\(v.claims.count == 1 ? "" : "s") checked: \(v.claims.count - flagged.count) verified, \(flagged.count) flagged"
        + (counts.isEmpty ? "" : " (" + counts.joined(separator: ", ") + ")") + "; flagged claims are listed further down.</p>"
    return out + "</section>"
}

/// The first `shown` flagged claims with their evidence, and the rejected rows.
private func flaggedClaims(_ v: Verification, units u: AreaUnit, shown: Int) -> String {
    let flagged = v.claims.indices.filter { !v.claims[$0].flags.isEmpty }
    if flagged.isEmpty && v.rejected.isEmpty { return "" }
    var out = "<section><h2>Flagged claims</h2>"
    if !flagged.isEmpty {
        var t = claimTable(v, units: u, plain: false)
        t.rows = flagged.prefix(shown).map { t.rows[$0] }
        out += htmlTable(t, id: "claims")
        if flagged.count > shown { out += "<p>… and \(flagged.count - shown) more in claims.csv.</p>" }
    }
    if !v.rejected.isEmpty {
        out += "<h3>Rejected rows (not in any total)</h3><ul>" + v.rejected.map { "<li>row \($0.row): \(html($0.reason))</li>" }.joined() + "</ul>"
    }
    return out + "</section>"
}

private func checksSection(_ r: Report) -> String {
    var out = "<section><h2>Checks</h2><ul class=\"checks\">"
    for c in r.checks {
        out += "<li class=\"\(c.ok ? "ok" : "fail")\"><b>\(c.ok ? "ok" : "FAIL")</b> \(html(c.name)): \(html(c.detail))</li>"
    }
    out += "</ul>"
    if !r.warnings.isEmpty { out += warningList(r.warnings) }
    return out + "</section>"
}

/// The first 50 warnings, and how many more report.json holds.
private func warningList(_ warnings: [String]) -> String {
    let shown = 50
    var out = "<h3>Warnings (\(warnings.count))</h3><ul class=\"warnings\">" + warnings.prefix(shown).map { "<li>\(html($0))</li>" }.joined() + "</ul>"
    if warnings.count > shown { out += "<p>… and \(warnings.count - shown) more in report.json.</p>" }
    return out
}

/// docs/methodology.md, condensed.
private func methodology(_ r: Report, units u: AreaUnit) -> String {
    let o = r.options
    var out = "<section class=\"method\"><h2>Methodology</h2><dl>"
    out += "<dt>Areas</dt><dd>Square metres on the WGS84 ellipsoid (geodesic, as PostGIS <code>ST_Area(geography)</code> and QGIS <code>$area</code>), shown in \(html(u.label))"
        + (u == .mu ? " (1 mu = 666.67 m²)" : "") + ". Geometric work runs in the overlay CRS <b>\(html(r.crs))</b>; each result polygon is measured back on the ellipsoid, so the projection's scale error does not enter the figures. The maps are drawn in the overlay CRS, north up.</dd>"
    out += "<dt>Reading</dt><dd>Every layer is reprojected to the overlay CRS; invalid polygons are repaired (make-valid) and counted in the warnings; features that cannot become polygons are skipped and reported.</dd>"
    out += "<dt>Change between the surveys</dt><dd>Footprints are compared geometrically, never by id alone. A building re-surveyed within the tolerance (<b>\(plain(o.tolerance)) m</b>) is <i>unchanged</i>. Otherwise its cleared part is the before-footprint minus the after-footprints, with pieces narrower than the tolerance removed (re-survey noise). A before-building with no continuation in the after survey is <i>demolished</i>; one with a continuation and at least 1 m² cleared is <i>partly demolished</i>. An after-building that continues none is a <i>new structure</i>, and <i>rebuilt</i> when it stands on at least 1 m² of demolished land. Building counts go to the zone holding most of the building.</dd>"
    out += "<dt>Cleared land</dt><dd>Land covered by a before-survey footprint and by no after-survey footprint, counted once, cut by the zone boundaries.</dd>"
    out += "<dt>Freed land</dt><dd>Cleared land minus the exclusions (roads, water, protected land)"
        + (o.exclusions.isEmpty ? "; none were given" : ": " + o.exclusions.map { "<code>\(html(maskPassword($0)))</code>" }.joined(separator: ", ")) + ".</dd>"
    out += "<dt>Sites</dt><dd>Connected pieces of freed land, pieces closer than <b>\(plain(o.siteGap)) m</b> joined, of at least <b>\(plain(o.minSite)) m²</b>.</dd>"
    out += "<dt>Totals</dt><dd>The sum of the zones; land outside every zone is left out and reported in the warnings. The report checks its own arithmetic (see Checks).</dd>"
    if let v = r.verification { out += claimDefinitions(v) }
    out += "<dt>Inputs</dt><dd>zones <code>\(html(maskPassword(o.zones)))</code>, before <code>\(html(maskPassword(o.before)))</code>, after <code>\(html(maskPassword(o.after)))</code>"
        + (o.parcels.map { ", parcels <code>\(html(maskPassword($0)))</code>" } ?? "") + (o.claims.map { ", claims <code>\(html(maskPassword($0)))</code>" } ?? "") + ".</dd>"
    out += "</dl><p>Every figure is explained, with a worked example, in <code>docs/methodology.md</code> of parcels.</p></section>"
    return out
}

private func claimDefinitions(_ v: Verification) -> String {
    "<dt>Claims</dt><dd>Each claim's polygon is measured on the ellipsoid; a <code>floor</code> claim is measured as footprint × floors. "
        + "Flags: <b>overstated</b> / <b>understated</b> (claimed outside ±\(plain(v.tolerancePct))% of measured), <b>duplicate</b> (overlaps an earlier claim by more than half of the smaller), "
        + "<b>not_demolished</b> (more than half still covered in the after survey), <b>wrong_zone</b> (most of it lies in another zone, and the zone it names holds less than half of it), <b>invalid_geometry</b> (repaired). "
        + "A claim with no flag is verified; the verified share is verified ÷ claimed area, verified land counted once.</dd>"
}

/// A parameter as a person writes it: 200, 0.1, 2.5.
private func plain(_ x: Double) -> String {
    x == x.rounded() && abs(x) < 1e15 ? groupThousands(String(Int64(x))) : String(x)
}

private func zoneSlug(_ zone: String) -> String {
    String(zone.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) ? Character($0) : "-" })
}

private func page(title: String, body: String) -> String {
    """
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="generator" content="parcels">
    <title>\(html(title))</title>
    <style>
    \(css)
    </style>
    </head>
    <body>
    \(body)
    </body>
    </html>

    """
}

private let css = """
:root { --zone: #f3efe4; --zone-line: #7a7468; --standing: #c9c9c9; --cleared: #f2a03d; --freed: #2e9b58;
  --site: #1d4ed8; --new: #d7263d; --rebuilt: #7e2fc4; --claimed: #c9d6ea; --ink: #1f2328; --muted: #5f6670; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial,
  "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif;
  color: var(--ink); margin: 0 auto; padding: 24px; max-width: 1000px; line-height: 1.45; font-size: 15px; background: #fff; }
h1 { font-size: 26px; margin: 0 0 4px; } h2 { font-size: 20px; margin: 32px 0 10px; border-bottom: 1px solid #e3e3e3; padding-bottom: 4px; }
h3 { font-size: 16px; margin: 20px 0 8px; } .sub { color: var(--muted); margin: 0; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin-top: 20px; }
.card { flex: 1 1 160px; box-sizing: border-box; border: 1px solid #e1e1e1; border-radius: 8px; padding: 12px 14px; background: #fafafa; }
.card .label { color: var(--muted); font-size: 13px; } .card .value { font-size: 26px; font-weight: 600; margin: 2px 0; }
.card .detail { color: var(--muted); font-size: 12.5px; }
#card-freed .value { color: var(--freed); }
svg { display: block; max-width: 100%; height: auto; } svg.map { border: 1px solid #d8d8d8; background: #fbfbf9; }
.zones path { fill: var(--zone); stroke: var(--zone-line); stroke-width: 1; stroke-linejoin: round; }
.standing path { fill: var(--standing); } .cleared path { fill: var(--cleared); } .freed path { fill: var(--freed); }
.sites path { fill: none; stroke: var(--site); stroke-width: 1.2; stroke-linejoin: round; }
.new path { fill: var(--new); } .rebuilt path { fill: var(--rebuilt); }
.claim-ok path { fill: var(--freed); fill-opacity: .75; } .claim-flagged path { fill: var(--new); fill-opacity: .8; }
text.label { font-size: 13px; font-weight: 600; text-anchor: middle; fill: #333; paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
.scalebar rect { fill: #fff; fill-opacity: .85; } .scalebar path { fill: none; stroke: #222; stroke-width: 1.5; }
.scalebar text { font-size: 11px; text-anchor: middle; fill: #222; }
.legend { list-style: none; padding: 0; margin: 8px 0 0; display: flex; flex-wrap: wrap; gap: 6px 18px; font-size: 13px; color: var(--muted); }
.swatch { display: inline-block; width: 14px; height: 14px; border-radius: 2px; vertical-align: -2px; margin-right: 6px; }
.swatch-zone { background: var(--zone); border: 1px solid var(--zone-line); } .swatch-standing { background: var(--standing); }
.swatch-cleared { background: var(--cleared); } .swatch-freed { background: var(--freed); } .swatch-site { border: 2px solid var(--site); box-sizing: border-box; }
.swatch-new { background: var(--new); } .swatch-rebuilt { background: var(--rebuilt); } .swatch-claimed { background: var(--claimed); }
.swatch-claim-ok { background: var(--freed); } .swatch-claim-flagged { background: var(--new); }
.chart .grid { stroke: #e6e6e6; } .chart .tick { font-size: 11px; fill: var(--muted); text-anchor: middle; }
.chart .name { font-size: 13px; text-anchor: end; fill: var(--ink); } .chart .value { font-size: 12px; fill: var(--muted); }
.bar-freed { fill: var(--freed); } .bar-cleared { fill: var(--cleared); fill-opacity: .45; } .bar-claimed { fill: var(--claimed); }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-size: 13px; width: 100%; }
th, td { padding: 4px 8px; border-bottom: 1px solid #ececec; text-align: left; vertical-align: top; }
th { background: #f4f4f4; font-weight: 600; } td:first-child { white-space: nowrap; } .note { color: var(--muted); font-size: 13px; margin: 0 0 6px; } .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total td { font-weight: 600; border-top: 2px solid #bbb; } th.num { white-space: normal; }
.zone-maps { display: flex; flex-wrap: wrap; gap: 14px; }
.zone-map { margin: 0; width: 302px; } .zone-map figcaption { font-size: 12.5px; color: var(--muted); margin-top: 4px; }
.zone-map figcaption b { color: var(--ink); font-size: 14px; }
.checks, .warnings { font-size: 13px; padding-left: 20px; } .checks .ok b { color: var(--freed); } .checks .fail b { color: var(--new); }
.method dt { font-weight: 600; margin-top: 10px; } .method dd { margin: 2px 0 0 0; color: #333; font-size: 14px; }
code { font-size: 12.5px; background: #f3f3f3; padding: 0 3px; border-radius: 3px; }
@media print { body { padding: 0; } h2 { break-after: avoid; } .zone-map { break-inside: avoid; } }
"""
