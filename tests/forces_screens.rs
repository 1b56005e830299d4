//! With several forces, the overview (opened from the forces grid) and the comparison are
//! those of the selected node's force, and say which force they are at every size, its
//! name whole.

mod common;

use common::{open_at, render};
use peel::tui::action::Action::{ColumnLeft, Compare, Open, Overview};
use peel::tui::screens::Screen;
use std::path::Path;

#[test]
fn overview_and_compare_name_the_force_they_are_in_at_every_size() {
    let dir = tempfile::tempdir().unwrap();
    let template = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    peel::content::synthetic::write(&template, dir.path(), 3, 2024).unwrap();
    let library = peel::content::load_dir(dir.path()).unwrap();
    let westford = library
        .forces()
        .iter()
        .position(|f| f.id == "westford")
        .unwrap();
    let name = "Westford Police (synthetic)";
    for size in common::SIZES {
        // `o` opens the forces grid on Westford's row; Enter on its name, its overview.
        let grid = open_at(
            &library,
            size,
            "westford/2024/investigating-crime",
            &[Overview],
        );
        match grid.screens.last() {
            Some(Screen::Forces(grid)) => assert_eq!(grid.selected_force(), Some(westford)),
            _ => panic!("the forces grid is open"),
        }
        let shown = render(&grid);
        assert!(shown.contains("Westford Police"), "{size:?} grid:\n{shown}");
        let mut to_names = vec![Overview];
        to_names.extend(std::iter::repeat_n(ColumnLeft, 20));
        to_names.push(Open);
        let app = open_at(
            &library,
            size,
            "westford/2024/investigating-crime",
            &to_names,
        );
        match app.screens.last() {
            Some(Screen::Overview(screen)) => assert_eq!(screen.force, westford),
            _ => panic!("the overview is open"),
        }
        let shown = render(&app);
        assert!(shown.contains(name), "{size:?} overview:\n{shown}");

        let app = open_at(
            &library,
            size,
            "westford/2024/investigating-crime",
            &[Compare],
        );
        match app.screens.last() {
            Some(Screen::Compare(screen)) => {
                assert_eq!(screen.force, westford);
                assert_eq!(
                    library.forces()[westford].themes[screen.theme].id,
                    "investigating-crime"
                );
            }
            _ => panic!("compare is open"),
        }
        let shown = render(&app);
        assert!(shown.contains(name), "{size:?} compare:\n{shown}");
    }
}
