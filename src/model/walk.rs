//! Walking the model's nested blocks and inlines with an explicit stack instead of
//! recursion: an input nested thousands deep costs heap memory, never the call stack.
//! Every pass over the model (typography, renderers, lints, the word count) goes
//! through here.

use super::{Block, Book, Inline, Story};

/// One step of a walk over blocks, in reading order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BlockEvent<'a> {
    /// A block. A container (block quote, list, edition-only div) is followed by its content and its
    /// `Leave`; other blocks have no `Leave`.
    Enter(&'a Block),
    /// Item `index` (0-based) of the innermost open list starts.
    Item(usize),
    /// That item ends.
    ItemEnd,
    /// The end of a block quote or a list.
    Leave(&'a Block),
}

enum BlockFrame<'a> {
    Blocks(std::slice::Iter<'a, Block>),
    Items(std::iter::Enumerate<std::slice::Iter<'a, Vec<Block>>>),
    ItemEnd,
    Leave(&'a Block),
}

/// The events of a walk over `blocks`.
pub struct BlockEvents<'a> {
    stack: Vec<BlockFrame<'a>>,
}

/// Walks `blocks` and everything inside them, in reading order.
pub fn block_events(blocks: &[Block]) -> BlockEvents<'_> {
    BlockEvents {
        stack: vec![BlockFrame::Blocks(blocks.iter())],
    }
}

impl<'a> Iterator for BlockEvents<'a> {
    type Item = BlockEvent<'a>;

    fn next(&mut self) -> Option<BlockEvent<'a>> {
        loop {
            let step = match self.stack.last_mut()? {
                BlockFrame::Blocks(blocks) => blocks.next().map(Step::Block),
                BlockFrame::Items(items) => items.next().map(|(i, item)| Step::Item(i, item)),
                BlockFrame::ItemEnd => Some(Step::ItemEnd),
                BlockFrame::Leave(block) => Some(Step::Leave(block)),
            };
            match step {
                None => {
                    self.stack.pop();
                }
                Some(Step::Block(block)) => {
                    match block {
                        Block::BlockQuote(inner) | Block::Only { blocks: inner, .. } => {
                            self.stack.push(BlockFrame::Leave(block));
                            self.stack.push(BlockFrame::Blocks(inner.iter()));
                        }
                        Block::List { items, .. } => {
                            self.stack.push(BlockFrame::Leave(block));
                            self.stack.push(BlockFrame::Items(items.iter().enumerate()));
                        }
                        _ => {}
                    }
                    return Some(BlockEvent::Enter(block));
                }
                Some(Step::Item(index, item)) => {
                    self.stack.push(BlockFrame::ItemEnd);
                    self.stack.push(BlockFrame::Blocks(item.iter()));
                    return Some(BlockEvent::Item(index));
                }
                Some(Step::ItemEnd) => {
                    self.stack.pop();
                    return Some(BlockEvent::ItemEnd);
                }
                Some(Step::Leave(block)) => {
                    self.stack.pop();
                    return Some(BlockEvent::Leave(block));
                }
            }
        }
    }
}

enum Step<'a> {
    Block(&'a Block),
    Item(usize, &'a Vec<Block>),
    ItemEnd,
    Leave(&'a Block),
}

/// Every block in `blocks`, containers before their content, in reading order.
pub fn all_blocks(blocks: &[Block]) -> impl Iterator<Item = &Block> {
    block_events(blocks).filter_map(|event| match event {
        BlockEvent::Enter(block) => Some(block),
        _ => None,
    })
}

/// Calls `visit` on every block of a story, its body's and then its notes'.
pub fn for_each_story_block_mut(story: &mut Story, mut visit: impl FnMut(&mut Block)) {
    for_each_block_mut(&mut story.blocks, &mut visit);
    for note in &mut story.notes {
        for_each_block_mut(&mut note.blocks, &mut visit);
    }
}

/// Calls `visit` on every block in `blocks`, containers before their content.
pub fn for_each_block_mut(blocks: &mut [Block], mut visit: impl FnMut(&mut Block)) {
    enum Frame<'a> {
        Blocks(std::slice::IterMut<'a, Block>),
        Items(std::slice::IterMut<'a, Vec<Block>>),
    }
    let mut stack = vec![Frame::Blocks(blocks.iter_mut())];
    while let Some(frame) = stack.last_mut() {
        match frame {
            Frame::Blocks(blocks) => match blocks.next() {
                Some(block) => {
                    visit(block);
                    match block {
                        Block::BlockQuote(inner) | Block::Only { blocks: inner, .. } => {
                            stack.push(Frame::Blocks(inner.iter_mut()))
                        }
                        Block::List { items, .. } => stack.push(Frame::Items(items.iter_mut())),
                        _ => {}
                    }
                }
                None => {
                    stack.pop();
                }
            },
            Frame::Items(items) => match items.next() {
                Some(item) => stack.push(Frame::Blocks(item.iter_mut())),
                None => {
                    stack.pop();
                }
            },
        }
    }
}

impl Block {
    /// The runs of inlines this block holds itself (not those of blocks inside it):
    /// a paragraph's or heading's content, each line of verse.
    pub fn inline_runs(&self) -> &[Vec<Inline>] {
        match self {
            Block::Paragraph(content) | Block::Heading { content, .. } => {
                std::slice::from_ref(content)
            }
            Block::Verse(lines) => lines,
            Block::Table(table) => &table.runs,
            Block::Figure(figure) => std::slice::from_ref(&figure.caption),
            Block::BlockQuote(_) | Block::List { .. } | Block::SceneBreak | Block::Only { .. } => {
                &[]
            }
        }
    }

    /// [`Block::inline_runs`], to change them.
    pub fn inline_runs_mut(&mut self) -> &mut [Vec<Inline>] {
        match self {
            Block::Paragraph(content) | Block::Heading { content, .. } => {
                std::slice::from_mut(content)
            }
            Block::Verse(lines) => lines,
            Block::Table(table) => &mut table.runs,
            Block::Figure(figure) => std::slice::from_mut(&mut figure.caption),
            Block::BlockQuote(_) | Block::List { .. } | Block::SceneBreak | Block::Only { .. } => {
                &mut []
            }
        }
    }
}

/// One step of a walk over inlines, in reading order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum InlineEvent<'a> {
    /// An inline. A container (emphasis, strong, small caps, link) is followed by
    /// its content and its `Leave`; other inlines have no `Leave`.
    Enter(&'a Inline),
    Leave(&'a Inline),
}

/// The events of a walk over inlines.
pub struct InlineEvents<'a> {
    stack: Vec<(std::slice::Iter<'a, Inline>, Option<&'a Inline>)>,
}

/// Walks `inlines` and everything inside them, in reading order.
pub fn inline_events(inlines: &[Inline]) -> InlineEvents<'_> {
    InlineEvents {
        stack: vec![(inlines.iter(), None)],
    }
}

impl<'a> Iterator for InlineEvents<'a> {
    type Item = InlineEvent<'a>;

    fn next(&mut self) -> Option<InlineEvent<'a>> {
        let (inlines, _) = self.stack.last_mut()?;
        match inlines.next() {
            Some(inline) => {
                if let Some(content) = inline.children() {
                    self.stack.push((content.iter(), Some(inline)));
                }
                Some(InlineEvent::Enter(inline))
            }
            None => match self.stack.pop() {
                Some((_, Some(container))) => Some(InlineEvent::Leave(container)),
                _ => None,
            },
        }
    }
}

/// Calls `visit` on every inline in `inlines`, containers before their content.
pub fn for_each_inline_mut(inlines: &mut [Inline], mut visit: impl FnMut(&mut Inline)) {
    let mut stack = vec![inlines.iter_mut()];
    while let Some(frame) = stack.last_mut() {
        match frame.next() {
            Some(inline) => {
                visit(inline);
                if let Some(content) = inline.children_mut() {
                    stack.push(content.iter_mut());
                }
            }
            None => {
                stack.pop();
            }
        }
    }
}

/// The inlines of a run that are not containers (text, line breaks, note
/// references), in reading order, to change them: containers are walked into.
pub fn leaves_mut(inlines: &mut [Inline]) -> LeavesMut<'_> {
    LeavesMut {
        stack: vec![inlines.iter_mut()],
    }
}

/// See [`leaves_mut`].
pub struct LeavesMut<'a> {
    stack: Vec<std::slice::IterMut<'a, Inline>>,
}

impl<'a> Iterator for LeavesMut<'a> {
    type Item = &'a mut Inline;

    fn next(&mut self) -> Option<&'a mut Inline> {
        loop {
            let Some(inline) = self.stack.last_mut()?.next() else {
                self.stack.pop();
                continue;
            };
            if inline.children().is_none() {
                return Some(inline);
            }
            if let Some(content) = inline.children_mut() {
                self.stack.push(content.iter_mut());
            }
        }
    }
}

/// The content of a container inline (emphasis, strong, small caps, link), by
/// reference or by mutable reference: the one place that lists the containers.
macro_rules! container_content {
    ($inline:expr) => {
        match $inline {
            Inline::Emphasis(content)
            | Inline::Strong(content)
            | Inline::SmallCaps(content)
            | Inline::Lang { content, .. }
            | Inline::Link { content, .. }
            | Inline::CrossRef { content, .. } => Some(content),
            Inline::Text(_) | Inline::LineBreak | Inline::NoteRef(_) | Inline::Image(_) => None,
        }
    };
}

impl Inline {
    /// The inlines inside a container (emphasis, strong, small caps, link).
    pub fn children(&self) -> Option<&[Inline]> {
        container_content!(self).map(Vec::as_slice)
    }

    /// [`Inline::children`], to change them.
    pub fn children_mut(&mut self) -> Option<&mut Vec<Inline>> {
        container_content!(self)
    }
}

/// `inlines` with neighbouring texts joined and empty ones dropped, so that a
/// line built from pieces is set like one written whole.
pub fn merge_text(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    for inline in inlines {
        match (out.last_mut(), inline) {
            (_, Inline::Text(text)) if text.is_empty() => {}
            (Some(Inline::Text(last)), Inline::Text(text)) => last.push_str(&text),
            (_, inline) => out.push(inline),
        }
    }
    out
}

impl Book {
    /// Every word of the body text, in reading order; used for summaries and tests.
    pub fn word_count(&self) -> usize {
        self.stories
            .iter()
            .flat_map(|s| s.blocks.iter())
            .map(block_word_count)
            .sum()
    }
}

/// The words of a block's runs, as `Inline::plain_text(run).split_whitespace()`
/// counts them, without writing the text out: words run on across inlines ("a*b*"
/// is one), a line break parts them.
pub(super) fn block_word_count(block: &Block) -> usize {
    let mut words = 0;
    for run in all_blocks(std::slice::from_ref(block)).flat_map(Block::inline_runs) {
        let mut in_word = false;
        for event in inline_events(run) {
            match event {
                InlineEvent::Enter(Inline::Text(text)) => {
                    for c in text.chars() {
                        let starts = !in_word && !c.is_whitespace();
                        words += usize::from(starts);
                        in_word = !c.is_whitespace();
                    }
                }
                InlineEvent::Enter(Inline::LineBreak) => in_word = false,
                _ => {}
            }
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text(s.into())
    }

    fn para(s: &str) -> Block {
        Block::Paragraph(vec![text(s)])
    }

    fn names(events: BlockEvents<'_>) -> Vec<String> {
        events
            .map(|e| match e {
                BlockEvent::Enter(Block::Paragraph(c)) => Inline::plain_text(c),
                BlockEvent::Enter(Block::BlockQuote(_)) => "quote".into(),
                BlockEvent::Enter(Block::List { .. }) => "list".into(),
                BlockEvent::Enter(other) => format!("{other:?}"),
                BlockEvent::Item(i) => format!("item {i}"),
                BlockEvent::ItemEnd => "/item".into(),
                BlockEvent::Leave(Block::BlockQuote(_)) => "/quote".into(),
                BlockEvent::Leave(_) => "/list".into(),
            })
            .collect()
    }

    #[test]
    fn block_events_come_in_reading_order_with_containers_closed() {
        let blocks = vec![
            para("a"),
            Block::BlockQuote(vec![
                para("b"),
                Block::List {
                    ordered: true,
                    start: 3,
                    items: vec![vec![para("c")], vec![para("d"), para("e")]],
                },
            ]),
            para("f"),
        ];
        assert_eq!(
            names(block_events(&blocks)),
            [
                "a", "quote", "b", "list", "item 0", "c", "/item", "item 1", "d", "e", "/item",
                "/list", "/quote", "f"
            ]
        );
        let all: Vec<usize> = all_blocks(&blocks).map(|b| b.inline_runs().len()).collect();
        assert_eq!(all, [1, 0, 1, 0, 1, 1, 1, 1]);
    }

    #[test]
    fn deep_nesting_walks_without_recursion() {
        let mut blocks = vec![para("deep")];
        for _ in 0..100_000 {
            blocks = vec![Block::BlockQuote(blocks)];
        }
        assert_eq!(block_events(&blocks).count(), 200_001);
        let mut paragraphs = 0;
        for_each_block_mut(&mut blocks, |b| {
            if let Block::Paragraph(content) = b {
                content.push(text("!"));
                paragraphs += 1;
            }
        });
        assert_eq!(paragraphs, 1);
        assert_eq!(
            all_blocks(&blocks).last(),
            Some(&Block::Paragraph(vec![text("deep"), text("!")]))
        );
        // Dropping a deep tree recurses in the compiler's drop glue; take it apart here.
        let mut stack = blocks;
        while let Some(Block::BlockQuote(inner)) = stack.pop() {
            stack = inner;
        }
    }

    #[test]
    fn inline_events_enter_and_leave_containers() {
        let inlines = vec![
            text("a"),
            Inline::Emphasis(vec![text("b"), Inline::Strong(vec![text("c")])]),
            Inline::NoteRef(0),
        ];
        let trace: Vec<String> = inline_events(&inlines)
            .map(|e| match e {
                InlineEvent::Enter(Inline::Text(t)) => t.clone(),
                InlineEvent::Enter(Inline::Emphasis(_)) => "<em>".into(),
                InlineEvent::Enter(Inline::Strong(_)) => "<b>".into(),
                InlineEvent::Enter(Inline::NoteRef(_)) => "^".into(),
                InlineEvent::Leave(Inline::Emphasis(_)) => "</em>".into(),
                InlineEvent::Leave(Inline::Strong(_)) => "</b>".into(),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(trace, ["a", "<em>", "b", "<b>", "c", "</b>", "</em>", "^"]);
        let mut inlines = inlines;
        for_each_inline_mut(&mut inlines, |i| {
            if let Inline::Text(t) = i {
                t.make_ascii_uppercase()
            }
        });
        assert_eq!(Inline::plain_text(&inlines), "ABC");
    }

    #[test]
    fn leaves_come_in_reading_order_and_can_be_changed() {
        let mut inlines = vec![
            text("a"),
            Inline::Link {
                url: "u".into(),
                content: vec![Inline::Emphasis(vec![]), text("b")],
            },
            Inline::LineBreak,
            Inline::SmallCaps(vec![Inline::Strong(vec![text("c")]), Inline::NoteRef(0)]),
        ];
        let mut texts: Vec<&mut String> = Vec::new();
        let mut others = 0;
        for leaf in leaves_mut(&mut inlines) {
            match leaf {
                Inline::Text(t) => texts.push(t),
                _ => others += 1,
            }
        }
        assert_eq!(others, 2);
        for (t, upper) in texts.into_iter().zip(["A", "B", "C"]) {
            *t = upper.into();
        }
        assert_eq!(Inline::plain_text(&inlines), "AB C");
        let mut deep = vec![text("deep")];
        for _ in 0..100_000 {
            deep = vec![Inline::Emphasis(deep)];
        }
        assert_eq!(leaves_mut(&mut deep).count(), 1);
        // Taken apart by hand: dropping it would recurse in the drop glue.
        while let Some(Inline::Emphasis(inner)) = deep.pop() {
            deep = inner;
        }
    }
}
