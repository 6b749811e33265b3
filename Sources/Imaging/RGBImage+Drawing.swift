import DreamFrameCore
import Foundation

extension RGBImage {
    /// Fills the whole image with `color`.
    public mutating func fill(_ color: RGBColor) {
        fill(.rect(x: 0, y: 0, w: Double(width), h: Double(height)), color)
    }

    /// Fills `shape` with `color`, blending with opacity `alpha` in `0...1`.
    public mutating func fill(_ shape: RasterShape, _ color: RGBColor, alpha: Double = 1) {
        let w = width, h = height
        let a = Int((max(0, min(1, alpha)) * 256).rounded())
        let cr = Int(color.r), cg = Int(color.g), cb = Int(color.b)
        pixels.withUnsafeMutableBufferPointer { buf in
            shape.spans(width: w, height: h) { y, x0, x1 in
                var i = (y * w + x0) * 3
                if a >= 256 {
                    for _ in x0..<x1 {
                        buf[i] = color.r; buf[i + 1] = color.g; buf[i + 2] = color.b
                        i += 3
                    }
                } else {
                    for _ in x0..<x1 {
                        buf[i] = UInt8((Int(buf[i]) * (256 - a) + cr * a) >> 8)
                        buf[i + 1] = UInt8((Int(buf[i + 1]) * (256 - a) + cg * a) >> 8)
                        buf[i + 2] = UInt8((Int(buf[i + 2]) * (256 - a) + cb * a) >> 8)
                        i += 3
                    }
                }
            }
        }
    }

    /// Fills an axis-aligned rectangle.
    public mutating func fillRect(x: Double, y: Double, w: Double, h: Double, _ color: RGBColor) {
        fill(.rect(x: x, y: y, w: w, h: h), color)
    }

    /// Fills a circle.
    public mutating func fillCircle(cx: Double, cy: Double, r: Double, _ color: RGBColor) {
        fill(.circle(cx: cx, cy: cy, r: r), color)
    }

    /// Fills an ellipse.
    public mutating func fillEllipse(cx: Double, cy: Double, rx: Double, ry: Double, _ color: RGBColor) {
        fill(.ellipse(cx: cx, cy: cy, rx: rx, ry: ry), color)
    }

    /// Draws a thick line segment.
    public mutating func drawLine(x0: Double, y0: Double, x1: Double, y1: Double, thickness: Double, _ color: RGBColor) {
        fill(.line(x0: x0, y0: y0, x1: x1, y1: y1, thickness: thickness), color)
    }

    /// Fills rows `y0..<y1` with a vertical gradient from `top` to `bottom`.
    public mutating func verticalGradient(y0: Int, y1: Int, top: RGBColor, bottom: RGBColor) {
        let a = max(0, y0), b = min(height, y1)
        guard a < b else { return }
        for y in a..<b {
            let t = b - a > 1 ? Double(y - a) / Double(b - a - 1) : 0
            fill(.rect(x: 0, y: Double(y), w: Double(width), h: 1), top.mixed(with: bottom, t))
        }
    }
}
