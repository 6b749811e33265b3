import DreamFrameCore
import Foundation

/// Text a model or a submitter wrote, as it stands in the dataset card (Markdown): shown literally wherever the card
/// is rendered — GitHub, the Hugging Face hub, a local viewer that passes raw HTML through — never as markup.
enum MarkdownText {
    /// CommonMark's ASCII punctuation: the characters a backslash may escape (and then always shows literally).
    static let punctuation = Set(##"!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~"##.unicodeScalars)

    /// `text` as the content of one table cell: one line (control and bidirectional formatting characters escaped
    /// as ``SafeText`` does, so no line break ends the row), at most `maxBytes` bytes before escaping, and every
    /// ASCII punctuation character backslash-escaped, so no `<tag>`, `&entity;`, `[link](…)`, `` `code` ``,
    /// emphasis, `$math$` or cell-ending `|` can start in it.
    static func cell(_ text: String, maxBytes: Int = 200) -> String {
        var out = ""
        for scalar in SafeText.line(text, maxBytes: maxBytes).unicodeScalars {
            if punctuation.contains(scalar) { out.append("\\") }
            out.unicodeScalars.append(scalar)
        }
        return out
    }
}
