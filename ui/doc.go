// Package ui is the Pickle Explorer's window: an object tree, a details
// panel, the opcode trace and a hex view of one decoded pickle file, with
// linked selection between them, find, export and history.
//
// Contract:
//   - Decoding runs on a goroutine; its results reach widgets only through
//     fyne.Do. No goroutine other than Fyne's touches a widget.
//   - The C heap is prepared for texture memory at start-up (prepareHeap):
//     a frame of new rows should not pay a page fault per 4 KiB.
//   - Tree node IDs are paths of child indices ("p0/3/12"), never object
//     identities, so a cycle in the pickle cannot make the tree walk forever.
//     Each branch's child list is computed once, when it is opened, and
//     cached; containers with more than 1000 children open as range groups.
//   - Nothing from the file is imported, resolved or run: the window only
//     shows the symbolic model built by package decoder.
//   - The package never imports ui/native (its GTK init needs a display);
//     main passes the native dialogs in through the Dialogs interface.
//   - There is no package-level mutable state: everything hangs off a
//     window value.
package ui
