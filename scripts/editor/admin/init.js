// The browser editor's start: Finnish interface, and on this machine the local backend.
//
// Decap CMS bundles Swedish but not Finnish: the phrases an editor meets are registered
// here before the editor starts (anything missing falls back to English). Which backend
// it talks to is config.yml's business: the agency's git host with the editorial
// workflow, or on 127.0.0.1 the local backend (decap-server, `make edit`) when it runs.
(function () {
  'use strict';
  var fi = {
    auth: {
      login: 'Kirjaudu sisään', loggingIn: 'Kirjaudutaan...', loginWithGitLab: 'Kirjaudu GitLab-tunnuksella',
      loginWithGitHub: 'Kirjaudu GitHub-tunnuksella', loginWithGitea: 'Kirjaudu Gitea-tunnuksella',
      errors: { email: 'Kirjoita sähköpostiosoitteesi.', password: 'Kirjoita salasanasi.',
                identitySettings: 'Tunnistautumisen asetuksia ei saatu.' }
    },
    app: {
      header: { content: 'Sisältö', workflow: 'Työnkulku', media: 'Tiedostot', quickAdd: 'Lisää uusi' },
      app: { errorHeader: 'Muokkaimen asetuksia ei voitu ladata', configErrors: 'Virheitä asetuksissa',
             checkConfigYml: 'Tarkista config.yml.', loadingConfig: 'Ladataan asetuksia...',
             waitingBackend: 'Odotetaan taustapalvelua...' },
      notFoundPage: { header: 'Sivua ei löydy' }
    },
    collection: {
      sidebar: { collections: 'Kokoelmat', allCollections: 'Kaikki kokoelmat', searchAll: 'Hae kaikista',
                 searchIn: 'Hae kokoelmasta' },
      collectionTop: { sortBy: 'Järjestä', viewAs: 'Näytä', viewAsList: 'Luettelona', viewAsGrid: 'Ruudukkona',
                       newButton: 'Uusi: %{collectionLabel}', newButtonAriaLabel: 'Luo uusi: %{collectionLabel}',
                       ascending: 'Nouseva', descending: 'Laskeva',
                       searchResults: 'Hakutulokset: "%{searchTerm}"',
                       searchResultsInCollection: 'Hakutulokset: "%{searchTerm}" kokoelmassa %{collection}',
                       filterBy: 'Rajaa', groupBy: 'Ryhmittele' },
      entries: { loadingEntries: 'Ladataan tietueita...', cachingEntries: 'Ladataan tietueita...',
                 longerLoading: 'Tämä voi kestää muutaman minuutin', noEntries: 'Ei tietueita',
                 unpublishedHeader: 'Julkaisemattomat' },
      groups: { other: 'Muut', negateLabel: 'Ei %{label}' },
      defaultFields: { author: { label: 'Tekijä' }, updatedOn: { label: 'Muokattu' } }
    },
    editor: {
      editorControl: { field: { optional: 'valinnainen', widgetLabel: 'kenttä %{widgetLabel}' } },
      editorControlPane: {
        widget: {
          required: '%{fieldLabel} puuttuu: kenttä on pakollinen.',
          regexPattern: '%{fieldLabel}: %{pattern}.',
          processing: '%{fieldLabel}: käsitellään.',
          range: '%{fieldLabel}: arvon on oltava välillä %{minValue}–%{maxValue}.',
          min: '%{fieldLabel}: arvon on oltava vähintään %{minValue}.',
          max: '%{fieldLabel}: arvon on oltava enintään %{maxValue}.',
          rangeCount: '%{fieldLabel}: kohtia on oltava %{minCount}–%{maxCount}.',
          rangeCountExact: '%{fieldLabel}: kohtia on oltava täsmälleen %{count}.',
          rangeMin: '%{fieldLabel}: kohtia on oltava vähintään %{minCount}.',
          rangeMax: '%{fieldLabel}: kohtia saa olla enintään %{maxCount}.',
          invalidPath: "'%{path}' ei kelpaa poluksi", pathExists: "'%{path}' on jo olemassa"
        }
      },
      editor: {
        onLeavePage: 'Haluatko varmasti poistua sivulta?',
        onUpdatingWithUnsavedChanges: 'Tallenna muutokset ennen tilan vaihtamista.',
        onPublishingNotReady: 'Vaihda tilaksi "Valmis" ennen julkaisua.',
        onPublishingWithUnsavedChanges: 'Tallenna muutokset ennen julkaisua.',
        onPublishing: 'Julkaistaanko tämä tietue?',
        onUnpublishing: 'Perutaanko tämän tietueen julkaisu?',
        onDeleteWithUnsavedChanges: 'Poistetaanko julkaistu tietue ja tallentamattomat muutokset?',
        onDeletePublishedEntry: 'Poistetaanko julkaistu tietue?',
        onDeleteUnpublishedChangesWithUnsavedChanges: 'Poistetaanko kaikki julkaisemattomat ja tallentamattomat muutokset?',
        onDeleteUnpublishedChanges: 'Poistetaanko kaikki julkaisemattomat muutokset?',
        loadingEntry: 'Ladataan tietuetta...',
        confirmLoadBackup: 'Tästä tietueesta löytyi tallentamaton versio. Otetaanko se käyttöön?'
      },
      editorInterface: { togglePreview: 'Näytä tai piilota esikatselu', toggleScrollSync: 'Vieritä yhdessä' },
      editorToolbar: {
        publishing: 'Julkaistaan...', publish: 'Julkaise', published: 'Julkaistu', unpublish: 'Peru julkaisu',
        duplicate: 'Kopioi', unpublishing: 'Perutaan julkaisua...', publishAndCreateNew: 'Julkaise ja luo uusi',
        publishAndDuplicate: 'Julkaise ja kopioi', deleteUnpublishedChanges: 'Poista julkaisemattomat muutokset',
        deleteUnpublishedEntry: 'Poista julkaisematon tietue', deletePublishedEntry: 'Poista julkaistu tietue',
        deleteEntry: 'Poista tietue', saving: 'Tallennetaan...', save: 'Tallenna',
        statusInfoTooltipDraft: 'Tietue on luonnos. Lähetä se tarkastettavaksi vaihtamalla tilaksi "Tarkastettavana".',
        statusInfoTooltipInReview: 'Tietue on tarkastettavana. Voit yhä muokata sitä.',
        deleting: 'Poistetaan...', updating: 'Päivitetään...', status: 'Tila: %{status}',
        backCollection: ' Kokoelma: %{collectionLabel}', unsavedChanges: 'Tallentamattomia muutoksia',
        changesSaved: 'Muutokset tallennettu', draft: 'Luonnos', inReview: 'Tarkastettavana', ready: 'Valmis',
        publishNow: 'Julkaise nyt', deployPreviewPendingButtonLabel: 'Tarkista esikatselu',
        deployPreviewButtonLabel: 'Näytä esikatselu', deployButtonLabel: 'Näytä julkaistu'
      },
      editorWidgets: {
        datetime: { now: 'Nyt', clear: 'Tyhjennä', setToNow: 'Aseta %{fieldLabel} nykyhetkeen' },
        list: { add: 'Lisää: %{item}', addType: 'Lisää: %{item}' },
        object: { expand: 'Avaa', collapse: 'Sulje' },
        unknownControl: { noControl: "Kentälle '%{widget}' ei ole lomakekenttää." }
      }
    },
    workflow: {
      workflow: { loading: 'Ladataan työnkulkua', workflowHeading: 'Työnkulku', newPost: 'Uusi',
                  description: '%{smart_count} tietue odottaa tarkastusta, %{readyCount} on valmiina julkaistavaksi. |||| %{smart_count} tietuetta odottaa tarkastusta, %{readyCount} on valmiina julkaistavaksi.',
                  dateFormat: 'D.M.YYYY' },
      workflowList: { onDeleteEntry: 'Poistetaanko tietue?', onPublishingNotReadyEntry: 'Vain valmiit voi julkaista.',
                      onPublishEntry: 'Julkaistaanko tietue?', draftHeader: 'Luonnokset', inReviewHeader: 'Tarkastettavana',
                      readyHeader: 'Valmiit', currentEntries: '%{smart_count} tietue |||| %{smart_count} tietuetta' }
    },
    ui: {
      errorBoundary: { title: 'Virhe', details: 'Tapahtui virhe.', reportIt: 'Ilmoita siitä.', detailsHeading: 'Tiedot' },
      settingsDropdown: { logOut: 'Kirjaudu ulos' },
      toast: {
        onFailToLoadEntries: 'Tietueen lataus epäonnistui: %{details}',
        onFailToPersist: 'Tallennus epäonnistui: %{details}',
        onFailToDelete: 'Poisto epäonnistui: %{details}',
        onFailToUpdateStatus: 'Tilan vaihto epäonnistui: %{details}',
        missingRequiredField: 'Lomakkeesta puuttuu pakollisia tietoja tai jokin kenttä on väärässä muodossa: korjaa punaisella merkityt kentät ennen tallennusta.',
        entrySaved: 'Tietue tallennettu', entryPublished: 'Tietue julkaistu', entryUnpublished: 'Julkaisu peruttu',
        onFailToPublishEntry: 'Julkaisu epäonnistui: %{details}', entryUpdated: 'Tila päivitetty',
        onDeleteUnpublishedChanges: 'Julkaisemattomat muutokset poistettu',
        onLoggedOut: 'Sinut on kirjattu ulos: kirjaudu uudelleen',
        onBackendDown: 'Taustapalvelussa on katko: %{details}'
      }
    }
  };

  // Two-language groups side by side (editor.css): a group whose fields are exactly
  // "suomeksi" and "ruotsiksi" (and "englanniksi" for glossary terms).
  function markBilingual(root) {
    var labels = root.querySelectorAll('label');
    for (var i = 0; i < labels.length; i++) {
      if (labels[i].textContent.trim().indexOf('suomeksi') !== 0) continue;
      var field = labels[i].parentElement && labels[i].parentElement.parentElement; // label < top bar < field
      var group = field && field.parentElement;
      if (group && !group.hasAttribute('data-kb-bilingual') && group.children.length >= 2) {
        var next = field.nextElementSibling;
        var nextLabel = next && next.querySelector('label');
        if (nextLabel && /^ruotsiksi/.test(nextLabel.textContent.trim())) {
          group.setAttribute('data-kb-bilingual', '');
        }
      }
    }
  }
  new MutationObserver(function () { markBilingual(document); })
    .observe(document.documentElement, { childList: true, subtree: true });

  window.CMS.registerLocale('fi', fi);
  window.CMS.init();
})();
