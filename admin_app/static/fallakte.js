/* Fallakte: behaviour that Flask-Admin's templates attach with inline handlers, here as a
   static file so that the Content-Security-Policy can forbid inline scripts. */
(function ($) {
  'use strict';

  // Menu entries that only open something must not follow their "#" link.
  $(document).on('click',
    'a[href="#"][data-toggle], a.filter[href="#"], a.nav-link.active[href="#"], ' +
    'a[href="javascript:void(0)"]',
    function (event) { event.preventDefault(); });

  // "With selected …": run the chosen action on the ticked rows (Flask-Admin's actions.js).
  $(document).on('click', 'a[data-action]', function (event) {
    event.preventDefault();
    if (window.modelActions) {
      window.modelActions.execute($(this).data('action'));
    }
  });

  // Buttons and forms that ask before they submit (deleting): the question is in data-confirm.
  $(document).on('click', 'button[data-confirm]', function (event) {
    if (!window.confirm($(this).data('confirm'))) {
      event.preventDefault();
    }
  });
  $(document).on('submit', 'form[data-confirm]', function (event) {
    if (!window.confirm($(this).data('confirm'))) {
      event.preventDefault();
    }
  });

  // Autocomplete pickers (select2 3.5, Flask-Admin's ajax widget): its search box is a
  // combobox without aria-expanded and aria-controls, which ARIA requires: say whether its
  // list is open and which list it is (select2 names it in aria-owns only).
  $(document).on('select2-open select2-close', function () {
    $('.select2-input[role="combobox"], .select2-focusser[role="combobox"]').each(function () {
      var open = $(this).is(':visible');
      this.setAttribute('aria-expanded', open ? 'true' : 'false');
      if (this.getAttribute('aria-owns')) {
        this.setAttribute('aria-controls', this.getAttribute('aria-owns'));
      }
    });
  });
}(window.jQuery));
