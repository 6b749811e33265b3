import DreamFrameCore
import Foundation

/// A filled 2-D shape that can be scan-converted into horizontal pixel spans.
public enum RasterShape: Sendable {
    /// Axis-aligned rectangle (x, y, width, height).
    case rect(x: Double, y: Double, w: Double, h: Double)
    /// Axis-aligned ellipse by centre and radii.
    case ellipse(cx: Double, cy: Double, rx: Double, ry: Double)
    /// A polygon (even-odd fill) given by its vertices.
    case polygon([(Double, Double)])
    /// A thick line segment with round-ish ends.
    case line(x0: Double, y0: Double, x1: Double, y1: Double, thickness: Double)

    /// A circle.
    public static func circle(cx: Double, cy: Double, r: Double) -> RasterShape {
        .ellipse(cx: cx, cy: cy, rx: r, ry: r)
    }

    /// Calls `body(y, x0, x1)` for each horizontal run of covered pixels (x1 exclusive), clipped to the size.
    public func spans(width: Int, height: Int, _ body: (Int, Int, Int) -> Void) {
        switch self {
        case let .rect(x, y, w, h):
            let x0 = Self.clamped(x.rounded(), 0, width), x1 = Self.clamped((x + w).rounded(), 0, width)
            let y0 = Self.clamped(y.rounded(), 0, height), y1 = Self.clamped((y + h).rounded(), 0, height)
            guard x0 < x1, y0 < y1 else { return }
            for yy in y0..<y1 { body(yy, x0, x1) }
        case let .ellipse(cx, cy, rx, ry):
            guard rx > 0, ry > 0 else { return }
            let y0 = Self.clamped((cy - ry).rounded(.down), 0, height)
            let y1 = Self.clamped((cy + ry).rounded(.up), -1, height - 1)
            guard y0 <= y1 else { return }
            for yy in y0...y1 {
                let dy = (Double(yy) + 0.5 - cy) / ry
                let t = 1 - dy * dy
                if t < 0 { continue }
                let half = rx * t.squareRoot()
                let a = Self.clamped((cx - half).rounded(), 0, width), b = Self.clamped((cx + half).rounded(), 0, width)
                if a < b { body(yy, a, b) }
            }
        case let .polygon(points):
            Self.polygonSpans(points, width: width, height: height, body)
        case let .line(x0, y0, x1, y1, thickness):
            let dx = x1 - x0, dy = y1 - y0
            let len = max((dx * dx + dy * dy).squareRoot(), 1e-6)
            let nx = -dy / len * thickness / 2, ny = dx / len * thickness / 2
            Self.polygonSpans([(x0 + nx, y0 + ny), (x1 + nx, y1 + ny), (x1 - nx, y1 - ny), (x0 - nx, y0 - ny)],
                              width: width, height: height, body)
            if thickness >= 3 {
                RasterShape.circle(cx: x0, cy: y0, r: thickness / 2).spans(width: width, height: height, body)
                RasterShape.circle(cx: x1, cy: y1, r: thickness / 2).spans(width: width, height: height, body)
            }
        }
    }

    private static func polygonSpans(_ pts: [(Double, Double)], width: Int, height: Int,
                                     _ body: (Int, Int, Int) -> Void) {
        guard pts.count >= 3, let top = pts.map(\.1).min(), let bottom = pts.map(\.1).max() else { return }
        let minY = clamped(top.rounded(.down), 0, height), maxY = clamped(bottom.rounded(.up), -1, height - 1)
        guard minY <= maxY else { return }
        var xs: [Double] = []
        for yy in minY...maxY {
            let sy = Double(yy) + 0.5
            xs.removeAll(keepingCapacity: true)
            var j = pts.count - 1
            for i in 0..<pts.count {
                let (xi, yi) = pts[i], (xj, yj) = pts[j]
                if (yi > sy) != (yj > sy) {
                    xs.append(xi + (sy - yi) / (yj - yi) * (xj - xi))
                }
                j = i
            }
            xs.sort()
            var k = 0
            while k + 1 < xs.count {
                let a = clamped(xs[k].rounded(), 0, width), b = clamped(xs[k + 1].rounded(), 0, width)
                if a < b { body(yy, a, b) }
                k += 2
            }
        }
    }

    /// `v` (already rounded) as an `Int` within `lo...hi`; NaN gives `lo`, so bad coordinates draw nothing
    /// instead of trapping in the conversion.
    private static func clamped(_ v: Double, _ lo: Int, _ hi: Int) -> Int {
        guard !v.isNaN else { return lo }
        return Int(max(Double(lo), min(Double(hi), v)))
    }
}
