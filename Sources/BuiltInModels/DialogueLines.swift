import Foundation

/// Dialogue lines the built-in story model gives a character, by the expression of the frame they follow.
enum DialogueLines {
    /// Two lines that suit `expression`.
    static func lines(for expression: FacialExpression) -> [String] {
        switch expression {
        case .happy: return ["This is better than I hoped.", "We did it, and nobody can take it from us."]
        case .sad: return ["I should have been here sooner.", "Everything we built is slipping away."]
        case .angry: return ["I will not let them get away with this.", "Enough lies. Tell me the truth!"]
        case .surprised: return ["I never expected to find this here.", "Wait, who left this behind?"]
        case .fearful: return ["Did you hear that? Someone is coming.", "We have to leave this place now."]
        case .calm: return ["Take a breath, we still have time.", "Let us think this through."]
        case .determined: return ["Nothing will stop me now.", "We finish this tonight."]
        case .worried: return ["What if they find us here?", "I hope we are not too late."]
        case .thoughtful: return ["There must be a reason it was left here.", "Something about this does not add up."]
        case .tender: return ["I am glad you are here with me.", "Whatever happens, we face it together."]
        }
    }
}
