// Package native implements ui.Dialogs with the platform's own file dialogs
// (sqweek/dialog: GTK on Linux, Cocoa on macOS, the common dialogs on
// Windows).
//
// Importing this package initialises GTK on Linux, so only package main
// imports it; package ui and its tests never do.
package native
