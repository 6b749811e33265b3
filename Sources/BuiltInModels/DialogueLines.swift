import Models
import Imaging
import DreamFrameCore
import Foundation

/// Dialogue lines by expression.
enum DialogueLines {
    static let byExpression: [String: [String]] = [
        "happy": ["This is better than I hoped.", "We did it, and nobody can take it from us."],
        "sad": ["I should have been here sooner.", "Everything we built is slipping away."],
        "angry": ["I will not let them get away with this.", "Enough lies. Tell me the truth!"],
        "surprised": ["I never expected to find this here.", "Wait, who left this behind?"],
        "fearful": ["Did you hear that? Someone is coming.", "We have to leave this place now."],
        "calm": ["Take a breath, we still have time.", "Let us think this through."],
        "determined": ["Nothing will stop me now.", "We finish this tonight."],
        "worried": ["What if they find us here?", "I hope we are not too late."],
        "thoughtful": ["There must be a reason it was left here.", "Something about this does not add up."],
        "tender": ["I am glad you are here with me.", "Whatever happens, we face it together."],
    ]
}
