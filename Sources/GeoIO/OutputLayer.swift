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
    /// How many rows the layer has.
    public private(set) var rowCount: Int
    /// Row `k`, made when the writer asks for it: a layer of two million buildings need not exist as
    /// rows all at once (their value arrays alone took some 800 MB).
    private var rowAt: @Sendable (Int) -> Row

    /// 2D (or 3D) WKB, ISO or extended, either byte order; `values` in the order of `fields`.
    /// Reading makes every row; setting replaces them.
    public var rows: [Row] {
        get { (0..<rowCount).map(rowAt) }
        set { (rowCount, rowAt) = (newValue.count, { [newValue] in newValue[$0] }) }
    }

    /// Row `k` (0-based).
    public func row(_ k: Int) -> Row { rowAt(k) }

    public init(
        name: String, crs: String, geometryType: GeometryType = .multipolygon,
        fields: [(name: String, kind: FieldKind)], rows: [Row]
    ) {
        self.init(name: name, crs: crs, geometryType: geometryType, fields: fields, count: rows.count) { rows[$0] }
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
        self.rowCount = count
        self.rowAt = row
    }
}
