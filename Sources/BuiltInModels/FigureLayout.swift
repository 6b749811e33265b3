import Foundation

/// Where the parts of one figure go, in pixels: sizes from the appearance, joints from the pose.
struct FigureLayout {
    /// Where the figure stands (between its feet) and the floor line.
    let footX: Double, footY: Double
    /// +1 faces right, -1 faces left.
    let facing: Double
    /// Body height in pixels (the nominal unit scaled by the appearance).
    let height: Double
    /// Head radius.
    let headRadius: Double
    /// Torso width at the shoulders.
    let torsoWidth: Double
    /// Line thickness of legs and arms.
    let legThickness: Double, armThickness: Double
    /// Height of the hips and of the shoulders.
    let hipY: Double, shoulderY: Double
    /// Horizontal centre of the shoulders (leaning poses move it off ``footX``).
    let shoulderX: Double
    /// Centre of the head.
    let headX: Double, headY: Double

    init(appearance: FigureAppearance, pose: FigurePose, facing: Double, footX: Double, footY: Double, unit: Double) {
        let isChild = appearance.kind == .boy || appearance.kind == .girl
        let height = unit * appearance.heightScale
        self.footX = footX
        self.footY = footY
        self.facing = facing
        self.height = height
        headRadius = height * (isChild ? 0.105 : 0.085)
        torsoWidth = 0.2 * height * appearance.widthScale
        legThickness = max(2, 0.075 * height * appearance.widthScale.squareRoot())
        armThickness = max(2, 0.058 * height * appearance.widthScale.squareRoot())
        var hipY = footY - 0.47 * height
        var lean = 0.0
        switch pose {
        case .sit: hipY = footY - 0.27 * height
        case .squat: hipY = footY - 0.2 * height; lean = 0.05 * height * facing
        case .hug: lean = 0.04 * height * facing
        default: break
        }
        self.hipY = hipY
        shoulderY = hipY - 0.33 * height
        shoulderX = footX + lean
        headX = shoulderX + (pose == .look ? 0.03 * height * facing : 0)
        headY = shoulderY - headRadius * 1.05
    }

    /// The shoulder on the side the figure faces and the one behind it.
    var shoulders: (front: (Double, Double), back: (Double, Double)) {
        let left = (shoulderX - torsoWidth * 0.45, shoulderY + armThickness * 0.5)
        let right = (shoulderX + torsoWidth * 0.45, shoulderY + armThickness * 0.5)
        return facing > 0 ? (right, left) : (left, right)
    }
}
