// What a writer takes: a named layer with a CRS, a geometry type, typed fields and rows of WKB plus
// one value per field.

/// The type of an output attribute column.
public enum FieldKind: Sendable, Equatable {
    case int, double, string
}

/// One layer to write.
public struct OutputLayer: Sendable {
    /// The geometry type the layer declares.
    public enum GeometryType: Sendable, Equatable {
        /// Polygons only.
        case polygon
        /// Multipolygons; a polygon row is written as a multipolygon of one.
        case multipolygon
        case point
    }

    public typealias Row = (wkb: [UInt8]?, values: [FieldValue])

    public var name: String
    /// "EPSG:n", WKT, PROJJSON or a PROJ string.
    public var crs: String
    public var geometryType: GeometryType
    public var fields: [(name: String, kind: FieldKind)]
    /// 2D (or 3D) WKB, ISO or extended, either byte order; `values` in the order of `fields`. Not
    /// used by a layer whose rows are made as they are written (`init(…count:row:)`): writers take
    /// `rowCount` and `row(_:)`.
    public var rows: [Row]
    /// For a layer of two million buildings: row `k` made when the writer asks for it, so that the
    /// rows never exist all at once (their value arrays alone took some 800 MB).
    private let maker: (count: Int, row: @Sendable (Int) -> Row)?

    /// How many rows the layer has.
    public var rowCount: Int { maker?.count ?? rows.count }

    /// Row `k` (0-based).
    public func row(_ k: Int) -> Row { maker?.row(k) ?? rows[k] }

    public init(
        name: String, crs: String, geometryType: GeometryType = .multipolygon,
        fields: [(name: String, kind: FieldKind)], rows: [Row]
    ) {
        self.name = name
        self.crs = crs
        self.geometryType = geometryType
        self.fields = fields
        self.rows = rows
        self.maker = nil
    }

    /// A layer of `count` rows, row `k` made by `row(k)` when it is written (in order, once).
    public init(
        name: String, crs: String, geometryType: GeometryType = .multipolygon,
        fields: [(name: String, kind: FieldKind)], count: Int, row: @escaping @Sendable (Int) -> Row
    ) {
        self.name = name
        self.crs = crs
        self.geometryType = geometryType
        self.fields = fields
        self.rows = []
        self.maker = (count, row)
    }
}
