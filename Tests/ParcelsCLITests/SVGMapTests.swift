// The map's path data: rings oriented so that SVG's nonzero fill rule fills every shape, overlapping
// ones included, and leaves holes empty. Expected strings worked out by hand below.
import Testing
@testable import ParcelsCLI

@Suite struct SVGMapTests {
    /// World (x, y) metres to pixels (x, 10 − y), written in tenths of a pixel.
    let projector = Projector(minX: 0, maxY: 10, scale: 1)

    @Test func shellsRunAnticlockwiseAndHolesClockwiseOnTheScreen() {
        // The 10 × 10 square, anticlockwise in the world, is on the screen (0,100) (100,100) (100,0) (0,0)
        // in tenths: y runs down, so this is anticlockwise as seen (shoelace −20,000): "M0 10h10v-10h-10z".
        // Given clockwise, it is reversed from the same first point: the same path.
        // The 2 × 2 hole at (2…4, 2…4) runs clockwise as seen, from (20,80): up to (20,60), right to
        // (40,60), down to (40,80): "m2-2v-2h2v2z", however it was given.
        let square = [[0.0, 0, 10, 0, 10, 10, 0, 10, 0, 0], [0.0, 0, 0, 10, 10, 10, 10, 0, 0, 0]]
        let hole = [[2.0, 2, 4, 2, 4, 4, 2, 4, 2, 2], [2.0, 2, 2, 4, 4, 4, 4, 2, 2, 2]]
        for shell in square {
            for h in hole {
                var d = PathData()
                projector.path([[shell, h]], into: &d, keepSmall: true)
                #expect(d.text == "M0 10h10v-10h-10zm2-2v-2h2v2z", "\(shell) \(h)")
            }
        }
    }

    @Test func overlappingShapesInOnePathRunTheSameWay() {
        // Two squares drawn twice over each other, one given clockwise: both subpaths anticlockwise as
        // seen, so the land they share winds twice (filled under nonzero; under evenodd it was empty).
        var d = PathData()
        projector.path([[[0, 0, 10, 0, 10, 10, 0, 10, 0, 0]], [[0, 0, 0, 10, 10, 10, 10, 0, 0, 0]]], into: &d, keepSmall: true)
        #expect(d.text == "M0 10h10v-10h-10zm0 0h10v-10h-10z")
    }
}
