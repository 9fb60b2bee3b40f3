package ui

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// action is one command of the window, shared by the menu, the toolbar and
// the keyboard.
type action struct {
	label string
	icon  fyne.Resource
	// key is shown in the menu. Fyne's desktop driver triggers a main-menu
	// item's shortcut whichever widget has the focus when the key has Ctrl
	// or Alt; a plain key (F5) goes to the focused widget, and each of the
	// window's focusable widgets passes it on to explorer.handleKey.
	key fyne.Shortcut
	run func()
}

// actions are the window's commands.
type actions struct {
	open, reload, exportJSON, copyJSON, copyValue, copyPath, copyHex,
	find, back, forward, owner, gotoError, firstOp, lastOp, quit *action
}

func newActions(e *explorer) *actions {
	ctrl, alt, shift := fyne.KeyModifierShortcutDefault, fyne.KeyModifierAlt, fyne.KeyModifierShift
	as := &actions{
		open:       &action{"Open…", theme.FolderOpenIcon(), shortcut(fyne.KeyO, ctrl), e.openDialog},
		reload:     &action{"Reload", theme.ViewRefreshIcon(), shortcut(fyne.KeyF5, 0), e.reload},
		exportJSON: &action{"Export JSON…", theme.DocumentSaveIcon(), shortcut(fyne.KeyE, ctrl), e.exportToFile},
		copyJSON:   &action{"Copy JSON", theme.ContentCopyIcon(), shortcut(fyne.KeyC, ctrl|shift), e.copyJSON},
		copyValue:  &action{"Copy value", theme.ContentCopyIcon(), shortcut(fyne.KeyC, ctrl|alt), e.copyValue},
		copyPath:   &action{"Copy path", theme.ContentCopyIcon(), shortcut(fyne.KeyP, ctrl|shift), e.copyPath},
		copyHex:    &action{"Copy bytes as hex", theme.ContentCopyIcon(), shortcut(fyne.KeyH, ctrl|shift), e.copyHex},
		find:       &action{"Find…", theme.SearchIcon(), shortcut(fyne.KeyF, ctrl), e.showFind},
		back:       &action{"Back", theme.NavigateBackIcon(), shortcut(fyne.KeyLeft, alt), e.back},
		forward:    &action{"Forward", theme.NavigateNextIcon(), shortcut(fyne.KeyRight, alt), e.forward},
		owner:      &action{"Go to owner", theme.MoveUpIcon(), shortcut(fyne.KeyJ, ctrl), e.gotoOwner},
		gotoError:  &action{"Go to error", theme.ErrorIcon(), shortcut(fyne.KeyG, ctrl|shift), e.showError},
		firstOp:    &action{"First op", theme.MediaSkipPreviousIcon(), shortcut(fyne.KeyHome, ctrl), func() { e.gotoOp(0) }},
		lastOp:     &action{"Last op", theme.MediaSkipNextIcon(), shortcut(fyne.KeyEnd, ctrl), func() { e.gotoOp(-1) }},
		quit:       &action{"Quit", nil, shortcut(fyne.KeyQ, ctrl), e.sh.quit},
	}
	if e.sh.timing != nil {
		for _, a := range as.all() {
			if a == as.quit {
				continue
			}
			run, name := a.run, "action "+a.label
			a.run = func() {
				t0 := time.Now()
				e.timed(name, run)
				e.sh.settled(name, t0)
			}
		}
	}
	return as
}

// all lists every action, in menu order.
func (as *actions) all() []*action {
	return []*action{as.open, as.reload, as.exportJSON, as.quit, as.find, as.copyValue, as.copyPath,
		as.copyJSON, as.copyHex, as.back, as.forward, as.owner, as.gotoError, as.firstOp, as.lastOp}
}

func (a *action) item() *fyne.MenuItem {
	it := fyne.NewMenuItemWithIcon(a.label, a.icon, a.run)
	it.Shortcut = a.key
	return it
}

func (a *action) button(text string) *keyButton {
	b := newKeyButton(text, a.icon, a.run)
	b.Importance = widget.LowImportance
	return b
}

// toolbar is the row of buttons under the menu.
func (as *actions) toolbar() fyne.CanvasObject {
	sep := func() fyne.CanvasObject { return widget.NewSeparator() }
	// In a horizontal scroller, so that the toolbar does not set the
	// window's minimum width.
	return container.NewHScroll(container.NewHBox(
		as.open.button("Open"), as.reload.button("Reload"), sep(),
		as.back.button(""), as.forward.button(""), sep(),
		as.find.button("Find"), sep(),
		as.exportJSON.button("Export JSON"), as.copyJSON.button("Copy JSON"),
		as.copyValue.button("Copy value"), as.copyPath.button("Copy path"), as.copyHex.button("Copy hex"),
	))
}

// buildMenu (re)builds the window's main menu, with the current
// recent-files list.
func (e *explorer) buildMenu() {
	as := e.actions
	recent := fyne.NewMenuItem("Open Recent", nil)
	var items []*fyne.MenuItem
	for _, p := range e.sh.recent() {
		items = append(items, fyne.NewMenuItem(p, func() { e.sh.open(p) }))
	}
	if len(items) == 0 {
		none := fyne.NewMenuItem("No recent files", nil)
		none.Disabled = true
		items = append(items, none)
	} else {
		items = append(items, fyne.NewMenuItemSeparator(), fyne.NewMenuItem("Clear Recent", e.sh.clearRecent))
	}
	recent.ChildMenu = fyne.NewMenu("", items...)

	typed := fyne.NewMenuItem("Typed JSON (lossless)", nil)
	typed.Checked = e.sh.app.Preferences().Bool(prefTypedJSON)
	typed.Action = func() {
		e.sh.app.Preferences().SetBool(prefTypedJSON, !typed.Checked)
		e.sh.refreshMenus()
	}
	quit := as.quit.item()
	quit.IsQuit = true
	quit.Icon = nil
	file := fyne.NewMenu("File", as.open.item(), recent, as.reload.item(), fyne.NewMenuItemSeparator(),
		as.exportJSON.item(), typed, fyne.NewMenuItemSeparator(), quit)
	edit := fyne.NewMenu("Edit", as.find.item(), fyne.NewMenuItemSeparator(),
		as.copyValue.item(), as.copyPath.item(), as.copyJSON.item(), as.copyHex.item())
	goMenu := fyne.NewMenu("Go", as.back.item(), as.forward.item(), fyne.NewMenuItemSeparator(),
		as.owner.item(), as.gotoError.item(), as.firstOp.item(), as.lastOp.item())
	help := fyne.NewMenu("Help", fyne.NewMenuItem("About Pickle Explorer", e.about))
	e.win.SetMainMenu(fyne.NewMainMenu(file, edit, goMenu, help))
}

func (e *explorer) about() {
	dialog.ShowInformation("About Pickle Explorer", fmt.Sprintf("%s\n\n%s", windowTitle,
		"Explores Python pickle files by decoding them symbolically.\n"+
			"Nothing in a file is ever imported, resolved or run."), e.win)
}
