import Models

/// How a learned style reaches an image server's prompt: as the token it knows the style's embedding by.
///
/// The keyframe prompt's `in <keyword> style` phrase is rewritten to `in <token> style`; when the phrase is absent,
/// `<token> style, ` is prepended. A request without a style (reference images drawn before the style exists) is
/// sent as written.
enum StyledPrompt {
    /// `request.prompt` with `token(style)` in place of the style keyword.
    static func make(_ request: RenderRequest, token: (StyleEmbedding) -> String?) -> String {
        guard let style = request.style, let token = token(style) else { return request.prompt }
        let keyword = style.keyword.trimmingCharacters(in: .whitespaces)
        guard !keyword.isEmpty else { return request.prompt }
        if let range = request.prompt.range(of: "in \(keyword) style", options: .caseInsensitive) {
            return request.prompt.replacingCharacters(in: range, with: "in \(token) style")
        }
        return "\(token) style, \(request.prompt)"
    }
}
