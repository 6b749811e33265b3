import DreamFrameCore
import Foundation

extension RGBImage {
    /// Paints every pixel `shape` covers with `color` (the built-in renderer's one drawing primitive).
    public mutating func fill(_ shape: RasterShape, _ color: RGBColor) {
        let w = width, h = height
        pixels.withUnsafeMutableBufferPointer { buf in
            shape.spans(width: w, height: h) { y, x0, x1 in
                var i = (y * w + x0) * 3
                for _ in x0..<x1 {
                    buf[i] = color.r; buf[i + 1] = color.g; buf[i + 2] = color.b
                    i += 3
                }
            }
        }
    }
}
