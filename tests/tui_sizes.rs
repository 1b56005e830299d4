//! No size from 1x1 to 400x150 and no sequence of keys makes any screen panic.

mod common;

use common::{builtin, render};
use peel::tui::action::Action;
use peel::tui::app::App;
use peel::tui::theme::Theme;
use peel::tui::update::update;
use proptest::prelude::*;

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        Just(Action::Up),
        Just(Action::Down),
        Just(Action::PageUp),
        Just(Action::PageDown),
        Just(Action::HalfPageUp),
        Just(Action::HalfPageDown),
        Just(Action::Top),
        Just(Action::Bottom),
        Just(Action::Open),
        Just(Action::Close),
        Just(Action::ToggleFocus),
        Just(Action::NextSameKind),
        Just(Action::PreviousSameKind),
        Just(Action::ToggleHelp),
        Just(Action::Back),
        Just(Action::OpenCompare),
        Just(Action::OpenOverview),
        Just(Action::OpenRecurring),
        Just(Action::OpenBookmarks),
        Just(Action::ToggleBookmark),
        Just(Action::Copy),
        Just(Action::ColumnLeft),
        Just(Action::ColumnRight),
        (0usize..3).prop_map(Action::ToggleYear),
        Just(Action::OpenSearch),
        prop::sample::select(vec!['j', 'i', 'g', ' ', 's', 'é', '捜'])
            .prop_map(Action::SearchInput),
        Just(Action::SearchBackspace),
        Just(Action::SearchAccept),
        Just(Action::NextResult),
        (1u16..=400, 1u16..=150).prop_map(|(width, height)| Action::Resize { width, height }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn any_size_and_any_keys_render_without_panicking(
        width in 1u16..=400,
        height in 1u16..=150,
        color in any::<bool>(),
        ascii in any::<bool>(),
        actions in proptest::collection::vec(action(), 0..40),
    ) {
        let library = builtin();
        let mut app = App::new(&library, Theme { color, ascii }, width, height);
        render(&app);
        for action in actions {
            update(&mut app, action);
            let screen = render(&app);
            prop_assert_eq!(screen.lines().count(), usize::from(app.height));
        }
    }
}

#[test]
fn every_small_size_renders_every_screen() {
    let library = builtin();
    for width in 1..=45u16 {
        for height in 1..=12u16 {
            for actions in [
                &[][..],
                &[Action::ToggleHelp],
                &[Action::Bottom, Action::Open, Action::Open],
                &[Action::OpenCompare],
                &[Action::OpenOverview, Action::ColumnRight],
                &[Action::OpenRecurring, Action::Down],
                &[Action::ToggleBookmark, Action::OpenBookmarks],
                &[Action::OpenBookmarks],
                &[Action::OpenSearch, Action::SearchInput('j')],
            ] {
                let mut app = App::new(&library, common::PLAIN, width, height);
                for &action in actions {
                    update(&mut app, action);
                }
                render(&app);
            }
        }
    }
}
