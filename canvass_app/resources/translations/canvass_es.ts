<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="es_ES">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../ui/about_dialog.py" line="46" />
        <location filename="../../ui/about_dialog.py" line="47" />
        <source>About Canvass</source>
        <translation>Acerca de Canvass</translation>
    </message>
    <message>
        <location filename="../../ui/about_dialog.py" line="50" />
        <source>Version</source>
        <translation>Versión</translation>
    </message>
    <message>
        <location filename="../../ui/about_dialog.py" line="53" />
        <source>Offline-first door-to-door canvassing for the Polis API. Visits are saved on this computer first and sent when the network allows.</source>
        <translation>Campaña puerta a puerta sin conexión para la API de Polis. Las visitas se guardan primero en este equipo y se envían cuando la red lo permite.</translation>
    </message>
    <message>
        <location filename="../../ui/about_dialog.py" line="65" />
        <source>Version and folders</source>
        <translation>Versión y carpetas</translation>
    </message>
    <message>
        <location filename="../../ui/about_dialog.py" line="68" />
        <source>Copy</source>
        <translation>Copiar</translation>
    </message>
    <message>
        <location filename="../../ui/about_dialog.py" line="69" />
        <source>Copy version and folders</source>
        <translation>Copiar versión y carpetas</translation>
    </message>
    <message>
        <location filename="../../ui/about_dialog.py" line="70" />
        <location filename="../../ui/about_dialog.py" line="71" />
        <source>Open data folder</source>
        <translation>Abrir la carpeta de datos</translation>
    </message>
    <message>
        <location filename="../../ui/about_dialog.py" line="87" />
        <source>Copied</source>
        <translation>Copiado</translation>
    </message>
</context>
<context>
    <name>AddPersonDialog</name>
    <message>
        <location filename="../../ui/add_person_dialog.py" line="54" />
        <source>Correct a person added here</source>
        <translation>Corregir a una persona añadida aquí</translation>
    </message>
    <message>
        <location filename="../../ui/add_person_dialog.py" line="56" />
        <source>Add a person</source>
        <translation>Añadir una persona</translation>
    </message>
    <message>
        <location filename="../../ui/add_person_dialog.py" line="60" />
        <source>Correct the details of this person at {place}. They are sent once.</source>
        <translation>Corrija los datos de esta persona en {place}. Se envían una sola vez.</translation>
    </message>
    <message>
        <location filename="../../ui/add_person_dialog.py" line="63" />
        <source>Someone who lives at {place} and is not on the walklist. After adding them, record their visit as for anyone.</source>
        <translation>Alguien que vive en {place} y no está en la lista de recorrido. Después de añadirla, registre su visita como la de cualquiera.</translation>
    </message>
    <message>
        <location filename="../../ui/add_person_dialog.py" line="73" />
        <source>First name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <location filename="../../ui/add_person_dialog.py" line="74" />
        <source>Last name</source>
        <translation>Apellido</translation>
    </message>
    <message>
        <location filename="../../ui/add_person_dialog.py" line="75" />
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <location filename="../../ui/add_person_dialog.py" line="77" />
        <source>optional, e.g. 617-555-0100</source>
        <translation>opcional, p. ej. 617-555-0100</translation>
    </message>
    <message>
        <location filename="../../ui/add_person_dialog.py" line="79" />
        <source>Kind of phone</source>
        <translation>Tipo de teléfono</translation>
    </message>
    <message>
        <location filename="../../ui/add_person_dialog.py" line="82" />
        <source>Email</source>
        <translation>Correo electrónico</translation>
    </message>
    <message>
        <location filename="../../ui/add_person_dialog.py" line="84" />
        <source>optional, e.g. ana@example.org</source>
        <translation>opcional, p. ej. ana@example.org</translation>
    </message>
    <message>
        <location filename="../../ui/add_person_dialog.py" line="86" />
        <source>Preferred language</source>
        <translation>Idioma preferido</translation>
    </message>
    <message>
        <location filename="../../ui/add_person_dialog.py" line="87" />
        <source>Not asked</source>
        <translation>No se preguntó</translation>
    </message>
    <message>
        <location filename="../../ui/add_person_dialog.py" line="96" />
        <source>&amp;First name (required):</source>
        <translation>&amp;Nombre (obligatorio):</translation>
    </message>
    <message>
        <location filename="../../ui/add_person_dialog.py" line="97" />
        <source>&amp;Last name (required):</source>
        <translation>&amp;Apellido (obligatorio):</translation>
    </message>
    <message>
        <location filename="../../ui/add_person_dialog.py" line="98" />
        <source>&amp;Phone:</source>
        <translation>&amp;Teléfono:</translation>
    </message>
    <message>
        <location filename="../../ui/add_person_dialog.py" line="99" />
        <source>&amp;Email:</source>
        <translation>&amp;Correo:</translation>
    </message>
    <message>
        <location filename="../../ui/add_person_dialog.py" line="100" />
        <source>Prefers lan&amp;guage:</source>
        <translation>&amp;Idioma preferido:</translation>
    </message>
    <message>
        <location filename="../../ui/add_person_dialog.py" line="121" />
        <source>Save changes</source>
        <translation>Guardar cambios</translation>
    </message>
    <message>
        <location filename="../../ui/add_person_dialog.py" line="121" />
        <source>Add person</source>
        <translation>Añadir persona</translation>
    </message>
    <message>
        <location filename="../../ui/add_person_dialog.py" line="124" />
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
</context>
<context>
    <name>Basemap</name>
    <message>
        <location filename="../../core/tile_source.py" line="33" />
        <source>The map tile address must contain {{z}}, {{x}} and {{y}} (for example https://tiles.example.org/{{z}}/{{x}}/{{y}}.png).</source>
        <translation>La dirección de teselas debe contener {{z}}, {{x}} y {{y}} (por ejemplo https://tiles.example.org/{{z}}/{{x}}/{{y}}.png).</translation>
    </message>
    <message>
        <location filename="../../core/tile_source.py" line="38" />
        <source>The map tile address must start with https:// (http:// only for this computer).</source>
        <translation>La dirección de teselas debe empezar por https:// (http:// solo para este equipo).</translation>
    </message>
    <message>
        <location filename="../../core/tile_source.py" line="41" />
        <source>The map tile address has a placeholder Canvass does not fill: {placeholder}.</source>
        <translation>La dirección de teselas tiene un marcador que Canvass no rellena: {placeholder}.</translation>
    </message>
    <message>
        <location filename="../../core/tile_source.py" line="44" />
        <source>The public OpenStreetMap tile servers ({host}) do not allow downloading tiles for offline use, so Canvass will not download from them. Use a tile provider whose terms allow offline downloads (with your campaign's key), your own tile server, or an MBTiles file of the area exported from QGIS, set as the basemap in Settings.</source>
        <translation>Los servidores públicos de teselas de OpenStreetMap ({host}) no permiten descargar teselas para usarlas sin conexión, así que Canvass no descarga de ellos. Use un proveedor de teselas cuyas condiciones permitan descargas sin conexión (con la clave de su campaña), su propio servidor de teselas o un archivo MBTiles de la zona exportado desde QGIS, indicado como mapa base en Ajustes.</translation>
    </message>
    <message>
        <location filename="../../core/tile_source.py" line="51" />
        <source>The walklist's area is too large to download as a map: it needs {count} tiles even at zoom {zoom}, more than the {limit} allowed. Ask a supervisor for an MBTiles file of the area, or split the walklist.</source>
        <translation>La zona de la lista es demasiado grande para descargarla como mapa: necesita {count} teselas incluso con zoom {zoom}, más de las {limit} permitidas. Pida a un supervisor un archivo MBTiles de la zona o divida la lista.</translation>
    </message>
    <message>
        <location filename="../../core/tile_source.py" line="57" />
        <source>Map ready offline: {count} tiles, zoom {min_zoom}–{max_zoom}.</source>
        <translation>Mapa listo sin conexión: {count} teselas, zoom {min_zoom}–{max_zoom}.</translation>
    </message>
    <message>
        <location filename="../../core/tile_source.py" line="60" />
        <source>Map ready offline: {count} tiles, zoom {min_zoom}–{max_zoom} (zoom {wanted} would have needed {wanted_count} tiles, over the limit of {limit}).</source>
        <translation>Mapa listo sin conexión: {count} teselas, zoom {min_zoom}–{max_zoom} (el zoom {wanted} habría necesitado {wanted_count} teselas, más del límite de {limit}).</translation>
    </message>
    <message>
        <location filename="../../storage/mbtiles.py" line="26" />
        <source>The basemap file {path} does not exist.</source>
        <translation>El archivo de mapa base {path} no existe.</translation>
    </message>
    <message>
        <location filename="../../storage/mbtiles.py" line="27" />
        <source>The basemap file {path} cannot be read: {reason}.</source>
        <translation>No se puede leer el archivo de mapa base {path}: {reason}.</translation>
    </message>
    <message>
        <location filename="../../storage/mbtiles.py" line="28" />
        <source>The basemap file {path} is not an MBTiles file (an SQLite file with a tiles table). Export the map again as MBTiles from QGIS or another tile tool.</source>
        <translation>El archivo de mapa base {path} no es un archivo MBTiles (un archivo SQLite con una tabla de teselas). Vuelva a exportar el mapa como MBTiles desde QGIS u otra herramienta de teselas.</translation>
    </message>
    <message>
        <location filename="../../storage/mbtiles.py" line="33" />
        <source>The basemap file {path} holds vector tiles, which Canvass cannot draw. Use an MBTiles file of raster tiles (PNG or JPEG).</source>
        <translation>El archivo de mapa base {path} contiene teselas vectoriales, que Canvass no puede dibujar. Use un archivo MBTiles de teselas ráster (PNG o JPEG).</translation>
    </message>
    <message>
        <location filename="../../storage/mbtiles.py" line="38" />
        <source>The basemap file {path} holds no tiles.</source>
        <translation>El archivo de mapa base {path} no contiene teselas.</translation>
    </message>
    <message>
        <location filename="../../services/basemap.py" line="73" />
        <source>No map was downloaded: no door of this walklist has a map position.</source>
        <translation>No se descargó ningún mapa: ninguna puerta de esta lista tiene posición en el mapa.</translation>
    </message>
    <message>
        <location filename="../../services/basemap.py" line="76" />
        <source>The tile server refused the download (it answered {status}). Check the map tile address and its key in Settings; the tiles downloaded so far are kept.</source>
        <translation>El servidor de teselas rechazó la descarga (respondió {status}). Revise la dirección de teselas y su clave en Ajustes; las teselas descargadas hasta ahora se conservan.</translation>
    </message>
    <message>
        <location filename="../../services/basemap.py" line="81" />
        <source>The tile server is busy and asked to wait; try the download again later. The tiles downloaded so far are kept.</source>
        <translation>El servidor de teselas está ocupado y pidió esperar; vuelva a intentar la descarga más tarde. Las teselas descargadas hasta ahora se conservan.</translation>
    </message>
    <message>
        <location filename="../../services/basemap.py" line="86" />
        <source>The tile server sent something that is not a map image; check the map tile address in Settings. The tiles downloaded so far are kept.</source>
        <translation>El servidor de teselas envió algo que no es una imagen de mapa; revise la dirección de teselas en Ajustes. Las teselas descargadas hasta ahora se conservan.</translation>
    </message>
    <message>
        <location filename="../../services/basemap.py" line="91" />
        <source>The tile server could not be reached; the tiles downloaded so far are kept and the next download goes on from there.</source>
        <translation>No se pudo contactar con el servidor de teselas; las teselas descargadas hasta ahora se conservan y la próxima descarga sigue desde ahí.</translation>
    </message>
    <message>
        <location filename="../../services/basemap.py" line="96" />
        <source>The map could not be saved on this laptop: {reason}. The walklist itself is ready.</source>
        <translation>No se pudo guardar el mapa en este portátil: {reason}. La lista de recorrido ya está lista.</translation>
    </message>
    <message>
        <location filename="../../services/basemap.py" line="99" />
        <source>Map download stopped: {done} of {total} tiles are kept; the next download goes on from there.</source>
        <translation>Descarga del mapa detenida: se conservan {done} de {total} teselas; la próxima descarga sigue desde ahí.</translation>
    </message>
</context>
<context>
    <name>CanvasserSwitchWidget</name>
    <message>
        <location filename="../../ui/supervisor/canvasser_switch_widget.py" line="26" />
        <source>Current canvasser</source>
        <translation>Voluntario actual</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/canvasser_switch_widget.py" line="28" />
        <source>Canvasser on this laptop</source>
        <translation>Voluntario en este portátil</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/canvasser_switch_widget.py" line="31" />
        <location filename="../../ui/supervisor/canvasser_switch_widget.py" line="32" />
        <source>New canvasser's name</source>
        <translation>Nombre del nuevo voluntario</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/canvasser_switch_widget.py" line="34" />
        <source>Add</source>
        <translation>Añadir</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/canvasser_switch_widget.py" line="35" />
        <source>Add canvasser</source>
        <translation>Añadir voluntario</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/canvasser_switch_widget.py" line="41" />
        <source>Canvasser:</source>
        <translation>Voluntario:</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <location filename="../../ui/crash_dialog.py" line="34" />
        <source>Canvass hit a problem</source>
        <translation>Canvass tuvo un problema</translation>
    </message>
    <message>
        <location filename="../../ui/crash_dialog.py" line="35" />
        <source>Unexpected error</source>
        <translation>Error inesperado</translation>
    </message>
    <message>
        <location filename="../../ui/crash_dialog.py" line="41" />
        <source>Something went wrong that Canvass did not expect.
Visits you already saved are safe in the outbox: nothing was changed or deleted. You can keep working, or quit and start Canvass again.
If it happens again, copy the details below and send them with the log file to your supervisor.</source>
        <translation>Ocurrió algo que Canvass no esperaba.
Las visitas que ya guardó están a salvo en la bandeja de salida: no se cambió ni se borró nada. Puede seguir trabajando, o salir y volver a abrir Canvass.
Si vuelve a pasar, copie los detalles de abajo y envíelos con el archivo de registro a su supervisor.</translation>
    </message>
    <message>
        <location filename="../../ui/crash_dialog.py" line="53" />
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <location filename="../../ui/crash_dialog.py" line="55" />
        <source>Log file: {path}</source>
        <translation>Archivo de registro: {path}</translation>
    </message>
    <message>
        <location filename="../../ui/crash_dialog.py" line="61" />
        <source>Log file</source>
        <translation>Archivo de registro</translation>
    </message>
    <message>
        <location filename="../../ui/crash_dialog.py" line="66" />
        <source>Error details</source>
        <translation>Detalles del error</translation>
    </message>
    <message>
        <location filename="../../ui/crash_dialog.py" line="69" />
        <location filename="../../ui/crash_dialog.py" line="70" />
        <source>Copy details</source>
        <translation>Copiar detalles</translation>
    </message>
    <message>
        <location filename="../../ui/crash_dialog.py" line="71" />
        <location filename="../../ui/crash_dialog.py" line="72" />
        <source>Open log folder</source>
        <translation>Abrir la carpeta del registro</translation>
    </message>
    <message>
        <location filename="../../ui/crash_dialog.py" line="73" />
        <location filename="../../ui/crash_dialog.py" line="74" />
        <source>Quit Canvass</source>
        <translation>Salir de Canvass</translation>
    </message>
    <message>
        <location filename="../../ui/crash_dialog.py" line="75" />
        <location filename="../../ui/crash_dialog.py" line="76" />
        <source>Keep working</source>
        <translation>Seguir trabajando</translation>
    </message>
    <message>
        <location filename="../../ui/crash_dialog.py" line="107" />
        <source>Another error followed ({n} in all):</source>
        <translation>Siguió otro error ({n} en total):</translation>
    </message>
    <message>
        <location filename="../../ui/crash_dialog.py" line="115" />
        <source>Copied</source>
        <translation>Copiado</translation>
    </message>
</context>
<context>
    <name>DoorMark</name>
    <message>
        <location filename="../../ui/door_style.py" line="35" />
        <source>Not visited</source>
        <translation>Sin visitar</translation>
    </message>
    <message>
        <location filename="../../ui/door_style.py" line="36" />
        <source>Do Not Knock</source>
        <translation>No tocar</translation>
    </message>
    <message>
        <location filename="../../ui/door_style.py" line="37" />
        <source>High Priority</source>
        <translation>Prioridad alta</translation>
    </message>
    <message>
        <location filename="../../ui/door_style.py" line="38" />
        <source>Not Home</source>
        <translation>No está en casa</translation>
    </message>
    <message>
        <location filename="../../ui/door_style.py" line="39" />
        <source>Come Back</source>
        <translation>Volver más tarde</translation>
    </message>
    <message>
        <location filename="../../ui/door_style.py" line="40" />
        <source>Unavailable</source>
        <translation>No disponible</translation>
    </message>
    <message>
        <location filename="../../ui/door_style.py" line="41" />
        <source>Successful</source>
        <translation>Con éxito</translation>
    </message>
    <message>
        <location filename="../../ui/door_style.py" line="42" />
        <source>Talked, not successful</source>
        <translation>Habló, sin éxito</translation>
    </message>
    <message>
        <location filename="../../ui/door_style.py" line="43" />
        <source>Appointment</source>
        <translation>Cita</translation>
    </message>
</context>
<context>
    <name>DoorSession</name>
    <message>
        <location filename="../../services/door.py" line="68" />
        <source>Pick a door or a person first.</source>
        <translation>Elija primero una puerta o una persona.</translation>
    </message>
    <message>
        <location filename="../../services/door.py" line="69" />
        <source>Download a walklist first (Ctrl+D).</source>
        <translation>Primero descargue una lista de recorrido (Ctrl+D).</translation>
    </message>
    <message>
        <location filename="../../services/door.py" line="70" />
        <source>No walklist on this laptop yet. Download it while online (Ctrl+D).</source>
        <translation>Aún no hay ninguna lista de recorrido en este portátil. Descárguela con conexión (Ctrl+D).</translation>
    </message>
    <message>
        <location filename="../../services/door.py" line="73" />
        <source>Already saved a moment ago; not saved twice. Ctrl+Z undoes it.</source>
        <translation>Ya se guardó hace un momento; no se guarda dos veces. Ctrl+Z lo deshace.</translation>
    </message>
    <message>
        <location filename="../../services/door.py" line="76" />
        <source>Saved {outcome} for {name}. Ctrl+Z undoes it.</source>
        <translation>Guardado «{outcome}» para {name}. Ctrl+Z lo deshace.</translation>
    </message>
    <message>
        <location filename="../../services/door.py" line="77" />
        <source>{outcome} for {count}{skipped}. One Ctrl+Z undoes the whole press.</source>
        <translation>«{outcome}» para {count}{skipped}. Un solo Ctrl+Z deshace toda la pulsación.</translation>
    </message>
    <message>
        <location filename="../../services/door.py" line="80" />
        <source>Saved {outcome} for {name} at a Do-Not-Knock door (marked so for the supervisor). Ctrl+Z undoes it.</source>
        <translation>Guardado «{outcome}» para {name} en una puerta de No tocar (marcada así para el supervisor). Ctrl+Z lo deshace.</translation>
    </message>
    <message>
        <location filename="../../services/door.py" line="85" />
        <source>; skipped {count} (Do Not Knock)</source>
        <translation>; omitidas {count} (No tocar)</translation>
    </message>
    <message>
        <location filename="../../services/door.py" line="86" />
        <source>; skipped {count} (already done)</source>
        <translation>; omitidas {count} (ya hechas)</translation>
    </message>
    <message>
        <location filename="../../services/door.py" line="87" />
        <source>; skipped {count} ({dnk} Do Not Knock, {done} already done)</source>
        <translation>; omitidas {count} ({dnk} No tocar, {done} ya hechas)</translation>
    </message>
    <message>
        <location filename="../../services/door.py" line="90" />
        <source>Nothing saved: nobody here still needs a knock{skipped}.</source>
        <translation>No se guardó nada: aquí no queda nadie por visitar{skipped}.</translation>
    </message>
    <message>
        <location filename="../../services/door.py" line="93" />
        <source>{name}: this door asked not to be visited (Do Not Knock). Nothing was saved.</source>
        <translation>{name}: en esta puerta pidieron no recibir visitas (No tocar). No se guardó nada.</translation>
    </message>
    <message>
        <location filename="../../services/door.py" line="96" />
        <source>{saved} Next: {name}, {address}.</source>
        <translation>{saved} Siguiente: {name}, {address}.</translation>
    </message>
    <message>
        <location filename="../../services/door.py" line="97" />
        <source>Next: {name}, {address}.</source>
        <translation>Siguiente: {name}, {address}.</translation>
    </message>
    <message>
        <location filename="../../services/door.py" line="98" />
        <source>Nobody left to knock on this walklist.</source>
        <translation>No queda nadie por visitar en esta lista.</translation>
    </message>
    <message>
        <location filename="../../services/door.py" line="99" />
        <source>Nearest door needs a usable GPS position ({reason}). Ctrl+Down goes in walk order.</source>
        <translation>La puerta más cercana necesita una posición GPS utilizable ({reason}). Ctrl+Abajo sigue el orden del recorrido.</translation>
    </message>
    <message>
        <location filename="../../services/door.py" line="103" />
        <source>no position yet</source>
        <translation>aún no hay posición</translation>
    </message>
    <message>
        <location filename="../../services/door.py" line="104" />
        <source>No door left to knock that has a map position.</source>
        <translation>No queda ninguna puerta por visitar con posición en el mapa.</translation>
    </message>
    <message>
        <location filename="../../services/door.py" line="105" />
        <source>Pick one person to start the survey.</source>
        <translation>Elija una sola persona para empezar la encuesta.</translation>
    </message>
    <message>
        <location filename="../../services/door.py" line="106" />
        <source>The survey cannot be used; record the door with keys 1–7.</source>
        <translation>La encuesta no se puede usar; registre la puerta con las teclas 1–7.</translation>
    </message>
    <message>
        <location filename="../../services/door.py" line="109" />
        <source>Saved the survey for {name}. Ctrl+Z undoes it.</source>
        <translation>Encuesta guardada para {name}. Ctrl+Z la deshace.</translation>
    </message>
    <message>
        <location filename="../../services/door.py" line="110" />
        <source>Saved the survey for {name}. Ctrl+Z undoes it; Ctrl+Down goes to the next door.</source>
        <translation>Encuesta guardada para {name}. Ctrl+Z la deshace; Ctrl+Abajo va a la siguiente puerta.</translation>
    </message>
    <message>
        <location filename="../../services/door.py" line="113" />
        <source>Left the survey for {name}; nothing was saved.</source>
        <translation>Salió de la encuesta de {name}; no se guardó nada.</translation>
    </message>
    <message>
        <location filename="../../services/door.py" line="114" />
        <source>Editing the visit to {name}: change the answers, then save.</source>
        <translation>Editando la visita a {name}: cambie las respuestas y guarde.</translation>
    </message>
    <message>
        <location filename="../../services/door.py" line="117" />
        <source>Left the changes to {name}'s visit; nothing was changed.</source>
        <translation>Salió de los cambios a la visita de {name}; no se cambió nada.</translation>
    </message>
    <message>
        <location filename="../../services/door.py" line="120" />
        <source>Changes saved for {name}.</source>
        <translation>Cambios guardados para {name}.</translation>
    </message>
    <message>
        <location filename="../../services/door.py" line="121" />
        <source>Saved your changes to the visit of {name}; they will be sent.</source>
        <translation>Cambios guardados en la visita a {name}; se enviarán.</translation>
    </message>
    <message>
        <location filename="../../services/door.py" line="124" />
        <source>This visit's survey is not on this laptop; it cannot be re-opened.</source>
        <translation>La encuesta de esta visita no está en este portátil; no se puede reabrir.</translation>
    </message>
    <message>
        <location filename="../../services/door.py" line="127" />
        <source>Nothing to undo: no visit of yours in the last 10 minutes.</source>
        <translation>Nada que deshacer: no hay visitas suyas en los últimos 10 minutos.</translation>
    </message>
    <message>
        <location filename="../../services/door.py" line="130" />
        <source>Undid the visit to {name} ({outcome}).</source>
        <translation>Se deshizo la visita a {name} ({outcome}).</translation>
    </message>
    <message>
        <location filename="../../services/door.py" line="131" />
        <source>Undid the whole press: {count} visits ({outcome}).</source>
        <translation>Se deshizo toda la pulsación: {count} visitas ({outcome}).</translation>
    </message>
    <message>
        <location filename="../../services/door.py" line="132" />
        <source>Deleted the visit to {name}.</source>
        <translation>Se borró la visita a {name}.</translation>
    </message>
    <message>
        <location filename="../../services/door.py" line="133" />
        <source>Not done: {reason}</source>
        <translation>No se hizo: {reason}</translation>
    </message>
    <message>
        <location filename="../../services/door.py" line="134" />
        <source>Sending waiting visits…</source>
        <translation>Enviando las visitas pendientes…</translation>
    </message>
    <message>
        <location filename="../../services/door.py" line="135" />
        <source>Sending is not set up on this window.</source>
        <translation>El envío no está configurado en esta ventana.</translation>
    </message>
    <message>
        <location filename="../../services/door.py" line="136" />
        <source>Visits are now recorded for {name}.</source>
        <translation>Ahora las visitas se registran para {name}.</translation>
    </message>
    <message>
        <location filename="../../services/door.py" line="137" />
        <source>Pick the door the new person lives at first (one household).</source>
        <translation>Elija primero la puerta donde vive la persona nueva (un solo hogar).</translation>
    </message>
    <message>
        <location filename="../../services/door.py" line="140" />
        <source>Added {name} at {place}. Record their visit now: an outcome key (1–7), or Ctrl+E for the survey.</source>
        <translation>Se añadió a {name} en {place}. Registre su visita ahora: una tecla de resultado (1–7) o Ctrl+E para la encuesta.</translation>
    </message>
    <message>
        <location filename="../../services/door.py" line="145" />
        <source>Pick the person to correct first.</source>
        <translation>Elija primero a la persona que quiere corregir.</translation>
    </message>
    <message>
        <location filename="../../services/door.py" line="146" />
        <source>{name} came with the walklist; only people added on this laptop can be corrected here.</source>
        <translation>{name} vino con la lista de recorrido; aquí solo se corrigen personas añadidas en este portátil.</translation>
    </message>
    <message>
        <location filename="../../services/door.py" line="150" />
        <source>Corrected {name}; the server will get the corrected details.</source>
        <translation>Se corrigió a {name}; el servidor recibirá los datos corregidos.</translation>
    </message>
</context>
<context>
    <name>DoorView</name>
    <message>
        <location filename="../../ui/door_view.py" line="29" />
        <source>Door</source>
        <translation>Puerta</translation>
    </message>
    <message>
        <location filename="../../ui/door_view.py" line="38" />
        <source>Do Not Knock</source>
        <translation>No tocar</translation>
    </message>
    <message>
        <location filename="../../ui/door_view.py" line="40" />
        <location filename="../../ui/door_view.py" line="108" />
        <source>No door picked</source>
        <translation>Ninguna puerta elegida</translation>
    </message>
    <message>
        <location filename="../../ui/door_view.py" line="43" />
        <source>Person</source>
        <translation>Persona</translation>
    </message>
    <message>
        <location filename="../../ui/door_view.py" line="44" />
        <location filename="../../ui/door_view.py" line="110" />
        <source>Pick a person in the walklist (arrows, then Enter).</source>
        <translation>Elija a una persona en la lista de recorrido (flechas y luego Intro).</translation>
    </message>
    <message>
        <location filename="../../ui/door_view.py" line="46" />
        <source>Address</source>
        <translation>Dirección</translation>
    </message>
    <message>
        <location filename="../../ui/door_view.py" line="51" />
        <source>Warning</source>
        <translation>Aviso</translation>
    </message>
    <message>
        <location filename="../../ui/door_view.py" line="66" />
        <source>Survey:</source>
        <translation>Encuesta:</translation>
    </message>
    <message>
        <location filename="../../ui/door_view.py" line="68" />
        <source>Survey to use</source>
        <translation>Encuesta que se usará</translation>
    </message>
    <message>
        <location filename="../../ui/door_view.py" line="104" />
        <source>Do Not Knock: this door asked not to be visited. Walk on.</source>
        <translation>No tocar: en esta puerta pidieron no recibir visitas. Siga adelante.</translation>
    </message>
    <message>
        <location filename="../../ui/door_view.py" line="118" />
        <source>, unit {unit}</source>
        <translation>, unidad {unit}</translation>
    </message>
    <message>
        <location filename="../../ui/door_view.py" line="124" />
        <source> · added at the door on this laptop (F2 corrects)</source>
        <translation> · añadida en la puerta en este portátil (F2 corrige)</translation>
    </message>
    <message>
        <location filename="../../ui/door_view.py" line="132" />
        <source>{people} people at {doors} doors selected</source>
        <translation>{people} personas en {doors} puertas seleccionadas</translation>
    </message>
    <message>
        <location filename="../../ui/door_view.py" line="136" />
        <source>A one-tap outcome records one visit for each of them.</source>
        <translation>Un resultado rápido registra una visita para cada una.</translation>
    </message>
</context>
<context>
    <name>HistoryTableModel</name>
    <message>
        <location filename="../../ui/supervisor/history_model.py" line="170" />
        <source>Added at the door on this laptop</source>
        <translation>Añadida en la puerta en este portátil</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_model.py" line="173" />
        <source>The canvasser recorded this visit at a door marked Do Not Knock, on purpose (they confirmed it).</source>
        <translation>El voluntario registró esta visita en una puerta marcada No tocar, a propósito (lo confirmó).</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_model.py" line="195" />
        <source>not yet</source>
        <translation>todavía no</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_model.py" line="206" />
        <source>{name} (new)</source>
        <translation>{name} (persona nueva)</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_model.py" line="210" />
        <source>{outcome} ⚠ at a Do-Not-Knock door</source>
        <translation>{outcome} ⚠ en una puerta de No tocar</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_model.py" line="218" />
        <source>{state} (voided)</source>
        <translation>{state} (anulada)</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="68" />
        <source>Visit history</source>
        <translation>Historial de visitas</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="73" />
        <source>from (YYYY-MM-DD)</source>
        <translation>desde (AAAA-MM-DD)</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="75" />
        <source>to (YYYY-MM-DD)</source>
        <translation>hasta (AAAA-MM-DD)</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="77" />
        <source>All canvassers</source>
        <translation>Todos los voluntarios</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="84" />
        <source>Only the supervisor sees everyone's visits</source>
        <translation>Solo el supervisor ve las visitas de todos</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="86" />
        <source>All walklists</source>
        <translation>Todas las listas</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="90" />
        <source>All outcomes</source>
        <translation>Todos los resultados</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="94" />
        <source>Any sync state</source>
        <translation>Cualquier estado de envío</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="95" />
        <source>Not sent yet (all but sent)</source>
        <translation>Aún sin enviar (todas menos las enviadas)</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="99" />
        <source>Any GPS grade</source>
        <translation>Cualquier calidad de GPS</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="103" />
        <source>Search names, addresses, notes, answers</source>
        <translation>Buscar nombres, direcciones, notas, respuestas</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="107" />
        <source>Show voided</source>
        <translation>Mostrar anuladas</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="109" />
        <source>Only people added here</source>
        <translation>Solo personas añadidas aquí</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="111" />
        <source>Only visits to people added at the door on this laptop</source>
        <translation>Solo visitas a personas añadidas en la puerta en este portátil</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="114" />
        <source>Knocked from date</source>
        <translation>Visitas desde la fecha</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="115" />
        <source>Knocked until date</source>
        <translation>Visitas hasta la fecha</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="116" />
        <source>Canvasser filter</source>
        <translation>Filtro de voluntario</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="117" />
        <source>Walklist filter</source>
        <translation>Filtro de lista</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="118" />
        <source>Outcome filter</source>
        <translation>Filtro de resultado</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="119" />
        <source>Sync state filter</source>
        <translation>Filtro de estado de envío</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="120" />
        <source>GPS grade filter</source>
        <translation>Filtro de calidad de GPS</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="121" />
        <source>Search</source>
        <translation>Buscar</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="122" />
        <source>Show voided visits</source>
        <translation>Mostrar las visitas anuladas</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="123" />
        <source>Only visits to people added on this laptop</source>
        <translation>Solo visitas a personas añadidas en este portátil</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="150" />
        <source>Filter problem</source>
        <translation>Problema con el filtro</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="152" />
        <source>Number of visits shown</source>
        <translation>Número de visitas mostradas</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="169" />
        <source>Ledger table</source>
        <translation>Tabla del registro</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="173" />
        <source>Open visit…</source>
        <translation>Abrir visita…</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="175" />
        <source>Export shown visits…</source>
        <translation>Exportar las visitas mostradas…</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="177" />
        <source>Export unsent queue…</source>
        <translation>Exportar la cola sin enviar…</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="179" />
        <source>Import queue…</source>
        <translation>Importar cola…</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="195" />
        <source>Knocked</source>
        <translation>Visitada</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="259" />
        <source>{n} visits</source>
        <translation>{n} visitas</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="259" />
        <source>1 visit</source>
        <translation>1 visita</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="295" />
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="296" />
        <source>CSV for Excel, with a byte order mark (*.csv)</source>
        <translation>CSV para Excel, con marca de orden de bytes (*.csv)</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="297" />
        <source>GeoJSON (*.geojson)</source>
        <translation>GeoJSON (*.geojson)</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="305" />
        <source>Export shown visits</source>
        <translation>Exportar las visitas mostradas</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="322" />
        <location filename="../../ui/supervisor/history_view.py" line="339" />
        <source>Export failed</source>
        <translation>La exportación falló</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="326" />
        <source>Exported</source>
        <translation>Exportado</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="327" />
        <source>{n} visits written to {path}</source>
        <translation>{n} visitas escritas en {path}</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="332" />
        <source>Export unsent queue</source>
        <translation>Exportar la cola sin enviar</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="298" />
        <location filename="../../ui/supervisor/history_view.py" line="332" />
        <location filename="../../ui/supervisor/history_view.py" line="358" />
        <source>JSON Lines (*.jsonl)</source>
        <translation>JSON Lines (*.jsonl)</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="343" />
        <source>Queue exported</source>
        <translation>Cola exportada</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="345" />
        <source>{n} unsent visits written to {path}. Import this file on the other laptop; visits it already has are skipped.</source>
        <translation>{n} visitas sin enviar escritas en {path}. Importe este archivo en el otro portátil; las visitas que ya tenga se omiten.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="358" />
        <source>Import queue</source>
        <translation>Importar cola</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="365" />
        <source>Import failed</source>
        <translation>La importación falló</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="369" />
        <source>Queue imported</source>
        <translation>Cola importada</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/history_view.py" line="370" />
        <source>{imported} visits queued, {skipped} already on this laptop skipped.</source>
        <translation>{imported} visitas en cola; se omitieron {skipped} que ya estaban en este portátil.</translation>
    </message>
</context>
<context>
    <name>HouseholdHistoryDialog</name>
    <message>
        <location filename="../../ui/history_dialog.py" line="45" />
        <source>History — {address}</source>
        <translation>Historial — {address}</translation>
    </message>
    <message>
        <location filename="../../ui/history_dialog.py" line="46" />
        <source>Household history</source>
        <translation>Historial del hogar</translation>
    </message>
    <message>
        <location filename="../../ui/history_dialog.py" line="51" />
        <source>Every visit to this door from this laptop. Edit or delete a mistake here; the change is sent like a new visit.</source>
        <translation>Todas las visitas a esta puerta desde este portátil. Corrija o borre un error aquí; el cambio se envía como una visita nueva.</translation>
    </message>
    <message>
        <location filename="../../ui/history_dialog.py" line="58" />
        <source>Visits to this household</source>
        <translation>Visitas a este hogar</translation>
    </message>
    <message>
        <location filename="../../ui/history_dialog.py" line="61" />
        <source>Knocked at</source>
        <translation>Tocó a las</translation>
    </message>
    <message>
        <location filename="../../ui/history_dialog.py" line="62" />
        <source>Sent at</source>
        <translation>Enviada a las</translation>
    </message>
    <message>
        <location filename="../../ui/history_dialog.py" line="63" />
        <source>Person</source>
        <translation>Persona</translation>
    </message>
    <message>
        <location filename="../../ui/history_dialog.py" line="64" />
        <source>Outcome</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <location filename="../../ui/history_dialog.py" line="65" />
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <location filename="../../ui/history_dialog.py" line="66" />
        <source>By</source>
        <translation>Por</translation>
    </message>
    <message>
        <location filename="../../ui/history_dialog.py" line="79" />
        <source>Message</source>
        <translation>Mensaje</translation>
    </message>
    <message>
        <location filename="../../ui/history_dialog.py" line="82" />
        <source>Edit answers…</source>
        <translation>Editar respuestas…</translation>
    </message>
    <message>
        <location filename="../../ui/history_dialog.py" line="83" />
        <source>Edit the selected visit's answers</source>
        <translation>Editar las respuestas de la visita seleccionada</translation>
    </message>
    <message>
        <location filename="../../ui/history_dialog.py" line="84" />
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <location filename="../../ui/history_dialog.py" line="86" />
        <source>Delete visit…</source>
        <translation>Borrar visita…</translation>
    </message>
    <message>
        <location filename="../../ui/history_dialog.py" line="87" />
        <source>Delete the selected visit</source>
        <translation>Borrar la visita seleccionada</translation>
    </message>
    <message>
        <location filename="../../ui/history_dialog.py" line="88" />
        <source>Delete key</source>
        <translation>Tecla Supr</translation>
    </message>
    <message>
        <location filename="../../ui/history_dialog.py" line="90" />
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <location filename="../../ui/history_dialog.py" line="91" />
        <source>Close the history</source>
        <translation>Cerrar el historial</translation>
    </message>
    <message>
        <location filename="../../ui/history_dialog.py" line="92" />
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message>
        <location filename="../../ui/history_dialog.py" line="108" />
        <source>deleted</source>
        <translation>borrada</translation>
    </message>
    <message>
        <location filename="../../ui/history_dialog.py" line="110" />
        <source>waiting to send</source>
        <translation>esperando envío</translation>
    </message>
    <message>
        <location filename="../../ui/history_dialog.py" line="111" />
        <source>sending</source>
        <translation>enviando</translation>
    </message>
    <message>
        <location filename="../../ui/history_dialog.py" line="112" />
        <source>sent</source>
        <translation>enviada</translation>
    </message>
    <message>
        <location filename="../../ui/history_dialog.py" line="113" />
        <source>will retry</source>
        <translation>se reintentará</translation>
    </message>
    <message>
        <location filename="../../ui/history_dialog.py" line="114" />
        <source>checking with the server</source>
        <translation>comprobando con el servidor</translation>
    </message>
    <message>
        <location filename="../../ui/history_dialog.py" line="115" />
        <source>needs attention</source>
        <translation>necesita atención</translation>
    </message>
    <message>
        <location filename="../../ui/history_dialog.py" line="116" />
        <source>rejected by the server</source>
        <translation>rechazada por el servidor</translation>
    </message>
    <message>
        <location filename="../../ui/history_dialog.py" line="121" />
        <source>: kept on this laptop; your supervisor will look at it</source>
        <translation>: se guarda en este portátil; su supervisor la revisará</translation>
    </message>
    <message>
        <location filename="../../ui/history_dialog.py" line="134" />
        <source>not sent yet</source>
        <translation>aún no enviada</translation>
    </message>
    <message>
        <location filename="../../ui/history_dialog.py" line="147" />
        <source>No visit to this door from this laptop yet.</source>
        <translation>Todavía no hay visitas a esta puerta desde este portátil.</translation>
    </message>
    <message>
        <location filename="../../ui/history_dialog.py" line="178" />
        <source>Delete this visit?</source>
        <translation>¿Borrar esta visita?</translation>
    </message>
    <message>
        <location filename="../../ui/history_dialog.py" line="180" />
        <source>Delete the visit to {name} knocked at {time}? It stays in the ledger as deleted, and the server copy (if sent) is removed.</source>
        <translation>¿Borrar la visita a {name} del {time}? Queda en el registro como borrada y la copia del servidor (si se envió) se elimina.</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <location filename="../../core/contact.py" line="65" />
        <source>English</source>
        <translation>Inglés</translation>
    </message>
    <message>
        <location filename="../../core/contact.py" line="66" />
        <source>Spanish</source>
        <translation>Español</translation>
    </message>
    <message>
        <location filename="../../core/contact.py" line="67" />
        <source>Chinese</source>
        <translation>Chino</translation>
    </message>
    <message>
        <location filename="../../core/contact.py" line="68" />
        <source>Haitian Creole</source>
        <translation>Criollo haitiano</translation>
    </message>
    <message>
        <location filename="../../core/contact.py" line="69" />
        <source>Portuguese</source>
        <translation>Portugués</translation>
    </message>
    <message>
        <location filename="../../core/contact.py" line="70" />
        <source>Vietnamese</source>
        <translation>Vietnamita</translation>
    </message>
    <message>
        <location filename="../../core/contact.py" line="71" />
        <source>Amharic</source>
        <translation>Amárico</translation>
    </message>
    <message>
        <location filename="../../core/contact.py" line="72" />
        <source>Arabic</source>
        <translation>Árabe</translation>
    </message>
    <message>
        <location filename="../../core/contact.py" line="73" />
        <source>Bengali</source>
        <translation>Bengalí</translation>
    </message>
    <message>
        <location filename="../../core/contact.py" line="74" />
        <source>French</source>
        <translation>Francés</translation>
    </message>
    <message>
        <location filename="../../core/contact.py" line="75" />
        <source>German</source>
        <translation>Alemán</translation>
    </message>
    <message>
        <location filename="../../core/contact.py" line="76" />
        <source>Greek</source>
        <translation>Griego</translation>
    </message>
    <message>
        <location filename="../../core/contact.py" line="77" />
        <source>Hindi</source>
        <translation>Hindi</translation>
    </message>
    <message>
        <location filename="../../core/contact.py" line="78" />
        <source>Italian</source>
        <translation>Italiano</translation>
    </message>
    <message>
        <location filename="../../core/contact.py" line="79" />
        <source>Japanese</source>
        <translation>Japonés</translation>
    </message>
    <message>
        <location filename="../../core/contact.py" line="80" />
        <source>Khmer</source>
        <translation>Jemer</translation>
    </message>
    <message>
        <location filename="../../core/contact.py" line="81" />
        <source>Korean</source>
        <translation>Coreano</translation>
    </message>
    <message>
        <location filename="../../core/contact.py" line="82" />
        <source>Persian</source>
        <translation>Persa</translation>
    </message>
    <message>
        <location filename="../../core/contact.py" line="83" />
        <source>Polish</source>
        <translation>Polaco</translation>
    </message>
    <message>
        <location filename="../../core/contact.py" line="84" />
        <source>Russian</source>
        <translation>Ruso</translation>
    </message>
    <message>
        <location filename="../../core/contact.py" line="85" />
        <source>Somali</source>
        <translation>Somalí</translation>
    </message>
    <message>
        <location filename="../../core/contact.py" line="86" />
        <source>Tagalog</source>
        <translation>Tagalo</translation>
    </message>
    <message>
        <location filename="../../core/contact.py" line="87" />
        <source>Ukrainian</source>
        <translation>Ucraniano</translation>
    </message>
    <message>
        <location filename="../../core/contact.py" line="88" />
        <source>Urdu</source>
        <translation>Urdu</translation>
    </message>
</context>
<context>
    <name>Location</name>
    <message>
        <location filename="../../core/geo.py" line="28" />
        <source>Not used: the fix does not say how accurate it is.</source>
        <translation>No se usa: la posición no indica su precisión.</translation>
    </message>
    <message>
        <location filename="../../core/geo.py" line="31" />
        <source>Not used: the fix is ±{accuracy} m, worse than the {limit} m allowed.</source>
        <translation>No se usa: la posición es de ±{accuracy} m, peor que los {limit} m permitidos.</translation>
    </message>
    <message>
        <location filename="../../core/geo.py" line="34" />
        <source>Not used: the last fix is {age} s old (a fix is used for {limit} s).</source>
        <translation>No se usa: la última posición tiene {age} s (una posición sirve {limit} s).</translation>
    </message>
    <message>
        <location filename="../../core/geo.py" line="37" />
        <source>Not used: the fix is stamped ahead of this computer's clock.</source>
        <translation>No se usa: la posición tiene una hora posterior al reloj de este equipo.</translation>
    </message>
    <message>
        <location filename="../../core/geo.py" line="40" />
        <source>Not used: the fix is not a real position.</source>
        <translation>No se usa: la posición no es real.</translation>
    </message>
    <message>
        <location filename="../../qt/position.py" line="88" />
        <source>this computer's location service ({name})</source>
        <translation>el servicio de ubicación de este equipo ({name})</translation>
    </message>
    <message>
        <location filename="../../qt/position.py" line="89" />
        <source>this computer's location service</source>
        <translation>el servicio de ubicación de este equipo</translation>
    </message>
    <message>
        <location filename="../../qt/position.py" line="90" />
        <source>the GPS log {name}</source>
        <translation>el registro GPS {name}</translation>
    </message>
    <message>
        <location filename="../../qt/position.py" line="91" />
        <source>the GPS receiver on {port}</source>
        <translation>el receptor GPS en {port}</translation>
    </message>
    <message>
        <location filename="../../qt/position.py" line="92" />
        <source>gpsd at {address}</source>
        <translation>gpsd en {address}</translation>
    </message>
    <message>
        <location filename="../../qt/position.py" line="93" />
        <source>a position typed by hand</source>
        <translation>una posición escrita a mano</translation>
    </message>
    <message>
        <location filename="../../qt/position.py" line="94" />
        <source>none (location is off)</source>
        <translation>ninguna (la ubicación está desactivada)</translation>
    </message>
    <message>
        <location filename="../../qt/position.py" line="97" />
        <source>Location is off: visits are saved without a position (Settings → Location).</source>
        <translation>La ubicación está desactivada: las visitas se guardan sin posición (Ajustes → Ubicación).</translation>
    </message>
    <message>
        <location filename="../../qt/position.py" line="100" />
        <source>Waiting for the first position from {source}…</source>
        <translation>Esperando la primera posición de {source}…</translation>
    </message>
    <message>
        <location filename="../../qt/position.py" line="101" />
        <source>The GPS has no fix right now (too few satellites in view). Visits are saved without a position until it finds one; open sky helps.</source>
        <translation>El GPS no tiene posición ahora (muy pocos satélites a la vista). Las visitas se guardan sin posición hasta que la encuentre; el cielo abierto ayuda.</translation>
    </message>
    <message>
        <location filename="../../qt/position.py" line="106" />
        <source>No position typed yet.</source>
        <translation>Aún no se ha escrito ninguna posición.</translation>
    </message>
    <message>
        <location filename="../../qt/position.py" line="107" />
        <source>This computer has no location service. Use an NMEA GPS log or receiver, or type your position.</source>
        <translation>Este equipo no tiene servicio de ubicación. Use un registro o receptor GPS NMEA, o escriba su posición.</translation>
    </message>
    <message>
        <location filename="../../qt/position.py" line="112" />
        <source>Canvass is not allowed to use this computer's location. Allow it in the system privacy settings, or type your position.</source>
        <translation>Canvass no tiene permiso para usar la ubicación de este equipo. Permítalo en los ajustes de privacidad del sistema, o escriba su posición.</translation>
    </message>
    <message>
        <location filename="../../qt/position.py" line="117" />
        <source>The GPS source stopped (unplugged or switched off). Reconnect it.</source>
        <translation>La fuente GPS se detuvo (desconectada o apagada). Vuelva a conectarla.</translation>
    </message>
    <message>
        <location filename="../../qt/position.py" line="120" />
        <source>The GPS reported an error. Positions may be missing; type yours if needed.</source>
        <translation>El GPS informó de un error. Puede que falten posiciones; escriba la suya si hace falta.</translation>
    </message>
    <message>
        <location filename="../../qt/position.py" line="123" />
        <source>The GPS log {path} does not exist. Pick another file.</source>
        <translation>El registro GPS {path} no existe. Elija otro archivo.</translation>
    </message>
    <message>
        <location filename="../../qt/position.py" line="124" />
        <source>The GPS log {path} cannot be read ({reason}).</source>
        <translation>No se puede leer el registro GPS {path} ({reason}).</translation>
    </message>
    <message>
        <location filename="../../qt/position.py" line="125" />
        <source>{name} is not an NMEA GPS log (it is not plain text).</source>
        <translation>{name} no es un registro GPS NMEA (no es texto plano).</translation>
    </message>
    <message>
        <location filename="../../qt/position.py" line="128" />
        <source>{name} is not a usable NMEA GPS log: {problem}.</source>
        <translation>{name} no es un registro GPS NMEA utilizable: {problem}.</translation>
    </message>
    <message>
        <location filename="../../qt/position.py" line="129" />
        <source>Serial GPS receivers are not supported by this installation (QtSerialPort is missing). Use the system location or an NMEA log.</source>
        <translation>Esta instalación no admite receptores GPS serie (falta QtSerialPort). Use la ubicación del sistema o un registro NMEA.</translation>
    </message>
    <message>
        <location filename="../../qt/position.py" line="134" />
        <source>gpsd at {address} has no GPS receiver. Plug the receiver in (USB) or pair it (Bluetooth); gpsd finds it by itself.</source>
        <translation>gpsd en {address} no tiene ningún receptor GPS. Conecte el receptor (USB) o emparéjelo (Bluetooth); gpsd lo encuentra solo.</translation>
    </message>
    <message>
        <location filename="../../qt/position.py" line="139" />
        <source>The GPS receiver on {port} cannot be opened ({reason}). Check that it is plugged in and that no other program uses it.</source>
        <translation>No se puede abrir el receptor GPS en {port} ({reason}). Compruebe que está conectado y que ningún otro programa lo usa.</translation>
    </message>
    <message>
        <location filename="../../qt/gpsd_source.py" line="31" />
        <source>Cannot reach gpsd at {address}: nothing answers there. Is gpsd running, and is the address right (Settings → Location)? Trying again in {seconds} s.</source>
        <translation>No se puede contactar con gpsd en {address}: nada responde allí. ¿Está gpsd en marcha y es correcta la dirección (Ajustes → Ubicación)? Se volverá a intentar en {seconds} s.</translation>
    </message>
    <message>
        <location filename="../../qt/gpsd_source.py" line="36" />
        <source>The computer {host} (where gpsd should run) is not known on this network. Check the address in Settings → Location. Trying again in {seconds} s.</source>
        <translation>El equipo {host} (donde debería estar gpsd) no se conoce en esta red. Revise la dirección en Ajustes → Ubicación. Se volverá a intentar en {seconds} s.</translation>
    </message>
    <message>
        <location filename="../../qt/gpsd_source.py" line="41" />
        <source>The connection to gpsd at {address} was lost. Visits are saved without a position until it is back. Trying again in {seconds} s.</source>
        <translation>Se perdió la conexión con gpsd en {address}. Las visitas se guardan sin posición hasta que vuelva. Se volverá a intentar en {seconds} s.</translation>
    </message>
    <message>
        <location filename="../../qt/gpsd_source.py" line="46" />
        <source>The program at {address} is not gpsd (it does not answer in gpsd's protocol). Check the port in Settings → Location. Trying again in {seconds} s.</source>
        <translation>El programa en {address} no es gpsd (no responde con el protocolo de gpsd). Revise el puerto en Ajustes → Ubicación. Se volverá a intentar en {seconds} s.</translation>
    </message>
</context>
<context>
    <name>LocationPanelWidget</name>
    <message>
        <location filename="../../ui/location_panel.py" line="38" />
        <location filename="../../ui/location_panel.py" line="49" />
        <source>Location</source>
        <translation>Ubicación</translation>
    </message>
    <message>
        <location filename="../../ui/location_panel.py" line="52" />
        <source>Distance grade</source>
        <translation>Calidad de la distancia</translation>
    </message>
    <message>
        <location filename="../../ui/location_panel.py" line="55" />
        <source>Position fix</source>
        <translation>Posición GPS</translation>
    </message>
    <message>
        <location filename="../../ui/location_panel.py" line="58" />
        <source>Distance to the household</source>
        <translation>Distancia al hogar</translation>
    </message>
    <message>
        <location filename="../../ui/location_panel.py" line="62" />
        <source>Location source</source>
        <translation>Fuente de ubicación</translation>
    </message>
    <message>
        <location filename="../../ui/location_panel.py" line="95" />
        <source>Source: {source}</source>
        <translation>Fuente: {source}</translation>
    </message>
    <message>
        <location filename="../../ui/location_panel.py" line="126" />
        <source>Under 100 m</source>
        <translation>Menos de 100 m</translation>
    </message>
    <message>
        <location filename="../../ui/location_panel.py" line="127" />
        <source>100–300 m</source>
        <translation>100–300 m</translation>
    </message>
    <message>
        <location filename="../../ui/location_panel.py" line="128" />
        <source>Over 300 m</source>
        <translation>Más de 300 m</translation>
    </message>
    <message>
        <location filename="../../ui/location_panel.py" line="129" />
        <source>No GPS captured</source>
        <translation>Sin GPS</translation>
    </message>
    <message>
        <location filename="../../ui/location_panel.py" line="142" />
        <source>No position fix. The visit is saved without a location.</source>
        <translation>Sin posición. La visita se guarda sin ubicación.</translation>
    </message>
    <message>
        <location filename="../../ui/location_panel.py" line="147" />
        <source>±{m} m</source>
        <translation>±{m} m</translation>
    </message>
    <message>
        <location filename="../../ui/location_panel.py" line="149" />
        <source>accuracy unknown</source>
        <translation>precisión desconocida</translation>
    </message>
    <message>
        <location filename="../../ui/location_panel.py" line="151" />
        <source>Fix {accuracy}, {age} s old.</source>
        <translation>Posición {accuracy}, de hace {age} s.</translation>
    </message>
    <message>
        <location filename="../../ui/location_panel.py" line="161" />
        <source>Door is {m} m away.</source>
        <translation>La puerta está a {m} m.</translation>
    </message>
    <message>
        <location filename="../../ui/location_panel.py" line="163" />
        <source>This household has no map position.</source>
        <translation>Este hogar no tiene posición en el mapa.</translation>
    </message>
    <message>
        <location filename="../../ui/location_panel.py" line="169" />
        <source>Pick a door to see how far it is</source>
        <translation>Elija una puerta para ver a qué distancia está</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="138" />
        <source>Canvass — door screen</source>
        <translation>Canvass — pantalla de puerta</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="139" />
        <source>Canvass door screen</source>
        <translation>Pantalla de puerta de Canvass</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="187" />
        <location filename="../../ui/main_window.py" line="189" />
        <source>Demo campaign — practice data</source>
        <translation>Campaña de demostración — datos de práctica</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="184" />
        <source>Last action</source>
        <translation>Última acción</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="151" />
        <source>Walklist and map</source>
        <translation>Lista de recorrido y mapa</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="153" />
        <source>List</source>
        <translation>Lista</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="154" />
        <source>Map</source>
        <translation>Mapa</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="155" />
        <source>The walklist (Ctrl+M switches, F6)</source>
        <translation>La lista de recorrido (Ctrl+M cambia, F6)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="156" />
        <source>The walklist on a map (Ctrl+M switches)</source>
        <translation>La lista de recorrido en un mapa (Ctrl+M cambia)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="244" />
        <source>Sync now</source>
        <translation>Sincronizar ahora</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="245" />
        <source>Undo last visit</source>
        <translation>Deshacer la última visita</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="247" />
        <source>Household history…</source>
        <translation>Historial del hogar…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="250" />
        <location filename="../../ui/main_window.py" line="780" />
        <source>Download walklist</source>
        <translation>Descargar lista de recorrido</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="253" />
        <source>Nearest next door</source>
        <translation>Puerta más cercana</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="256" />
        <source>Next door in walk order</source>
        <translation>Siguiente puerta del recorrido</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="258" />
        <source>Search walklist</source>
        <translation>Buscar en la lista</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="260" />
        <source>Go to the walklist</source>
        <translation>Ir a la lista de recorrido</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="263" />
        <source>Start the survey for this person</source>
        <translation>Empezar la encuesta con esta persona</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="266" />
        <source>Add a person at this door…</source>
        <translation>Añadir una persona en esta puerta…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="269" />
        <source>Correct a person added here…</source>
        <translation>Corregir a una persona añadida aquí…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="271" />
        <source>Sign in…</source>
        <translation>Iniciar sesión…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="272" />
        <source>Sign out…</source>
        <translation>Cerrar sesión…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="274" />
        <source>Review my visits…</source>
        <translation>Revisar mis visitas…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="277" />
        <source>Supervisor review…</source>
        <translation>Revisión del supervisor…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="279" />
        <source>Settings…</source>
        <translation>Configuración…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="280" />
        <source>About Canvass</source>
        <translation>Acerca de Canvass</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="281" />
        <source>Keyboard shortcuts</source>
        <translation>Atajos de teclado</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="283" />
        <source>Quit</source>
        <translation>Salir</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="284" />
        <source>Map or list</source>
        <translation>Mapa o lista</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="286" />
        <source>Zoom the map in</source>
        <translation>Acercar el mapa</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="290" />
        <source>Zoom the map out</source>
        <translation>Alejar el mapa</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="293" />
        <source>The whole walklist on the map</source>
        <translation>Toda la lista de recorrido en el mapa</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="299" />
        <source>&amp;Walklist</source>
        <translation>&amp;Lista</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="310" />
        <source>&amp;Visit</source>
        <translation>&amp;Visita</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="322" />
        <source>&amp;Sync</source>
        <translation>&amp;Sincronizar</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="327" />
        <source>Vie&amp;w</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="338" />
        <source>Light theme</source>
        <translation>Tema claro</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="339" />
        <source>Dark theme</source>
        <translation>Tema oscuro</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="340" />
        <source>High-contrast theme</source>
        <translation>Tema de alto contraste</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="350" />
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="365" />
        <source>Enter</source>
        <translation>Intro</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="365" />
        <source>Next question / save after review</source>
        <translation>Siguiente pregunta / guardar tras revisar</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="366" />
        <source>Backspace</source>
        <translation>Retroceso</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="366" />
        <source>Previous question</source>
        <translation>Pregunta anterior</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="367" />
        <source>A, B, C…</source>
        <translation>A, B, C…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="367" />
        <source>Pick a survey option</source>
        <translation>Elegir una opción de la encuesta</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="368" />
        <source>Shift/Ctrl + click or arrows</source>
        <translation>Mayús/Ctrl + clic o flechas</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="368" />
        <source>Select several doors</source>
        <translation>Seleccionar varias puertas</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="405" />
        <source>Do Not Knock</source>
        <translation>No tocar</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="407" />
        <source>{name}: this door asked not to be visited (Do Not Knock).

Record this visit anyway? Only if they asked you to: the visit is marked for your supervisor.</source>
        <translation>{name}: en esta puerta pidieron no recibir visitas (No tocar).

¿Registrar la visita de todos modos? Solo si se lo pidieron: la visita queda marcada para su supervisor.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="465" />
        <source>Download a walklist to start (Ctrl+D, needs the network once).</source>
        <translation>Descargue una lista de recorrido para empezar (Ctrl+D, necesita la red una vez).</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="485" />
        <source> ({n} entries could not be read)</source>
        <translation> ({n} entradas no se pudieron leer)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="502" />
        <source>This campaign has no survey; use the one-tap outcomes.</source>
        <translation>Esta campaña no tiene encuesta; use los resultados rápidos.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="507" />
        <source>Pick a person, then press Enter to start the survey.</source>
        <translation>Elija a una persona y pulse Intro para empezar la encuesta.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="643" />
        <source>Pick a door to see its history.</source>
        <translation>Elija una puerta para ver su historial.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1072" />
        <source>Settings saved. Restart Canvass to use the new language or sync settings.</source>
        <translation>Configuración guardada. Reinicie Canvass para usar el nuevo idioma o la nueva sincronización.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="512" />
        <source>Save changes</source>
        <translation>Guardar cambios</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="727" />
        <location filename="../../ui/main_window.py" line="879" />
        <source>No Polis server address is set; set it in Settings first.</source>
        <translation>No hay dirección del servidor Polis; póngala primero en Configuración.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="730" />
        <source>Sign in first (Ctrl+L): the download needs your access.</source>
        <translation>Inicie sesión primero (Ctrl+L): la descarga necesita su acceso.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="780" />
        <source>Walklist (list) id:</source>
        <translation>Id de la lista de recorrido:</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="790" />
        <source>Downloaded “{name}”: {households} households, ready offline.</source>
        <translation>Descargada «{name}»: {households} hogares, lista sin conexión.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="795" />
        <source>{n} problems: see the survey pane.</source>
        <translation>{n} problemas: vea el panel de la encuesta.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="811" />
        <source>The walklist could not be downloaded: {error} Try again when online.</source>
        <translation>No se pudo descargar la lista: {error} Inténtelo de nuevo con conexión.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="869" />
        <source>Could not refresh the doors: {error}</source>
        <translation>No se pudieron actualizar las puertas: {error}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="892" />
        <source>Signed in. Waiting visits will be sent.</source>
        <translation>Sesión iniciada. Las visitas pendientes se enviarán.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="895" />
        <source>Signed in — kept for this session only (no keyring on this computer).</source>
        <translation>Sesión iniciada — se guarda solo durante esta sesión (este equipo no tiene llavero).</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="910" />
        <source>Still signed in: {n} visits are not sent yet.</source>
        <translation>Sigue con la sesión iniciada: {n} visitas aún no se enviaron.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="924" />
        <source>Not signed out: the export failed: {error}</source>
        <translation>No se cerró la sesión: la exportación falló: {error}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="930" />
        <source>Exported {n} unsent visits to {path}.</source>
        <translation>Se exportaron {n} visitas sin enviar a {path}.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="936" />
        <source>Signed out.</source>
        <translation>Sesión cerrada.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="942" />
        <source>Visits not sent yet</source>
        <translation>Visitas aún sin enviar</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="944" />
        <source>{n} visits have not reached the server. Signing out now could lose them.

Export them to a file first (another laptop can import it)?</source>
        <translation>{n} visitas no han llegado al servidor. Cerrar la sesión ahora podría perderlas.

¿Exportarlas primero a un archivo (otro portátil puede importarlo)?</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="952" />
        <source>Export unsent visits</source>
        <translation>Exportar visitas sin enviar</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1075" />
        <source>Settings saved.</source>
        <translation>Configuración guardada.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1099" />
        <source>The theme was not saved: {error}</source>
        <translation>El tema no se guardó: {error}</translation>
    </message>
</context>
<context>
    <name>MapView</name>
    <message>
        <location filename="../../ui/supervisor/map_view.py" line="66" />
        <source>Map of visits and doors</source>
        <translation>Mapa de visitas y puertas</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/map_view.py" line="72" />
        <source>Map status</source>
        <translation>Estado del mapa</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/map_view.py" line="75" />
        <location filename="../../ui/supervisor/map_view.py" line="80" />
        <source>Fit doors</source>
        <translation>Ver las puertas</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/map_view.py" line="76" />
        <location filename="../../ui/supervisor/map_view.py" line="81" />
        <source>Fit all</source>
        <translation>Ver todo</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/map_view.py" line="78" />
        <source>Zoom in</source>
        <translation>Acercar</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/map_view.py" line="79" />
        <source>Zoom out</source>
        <translation>Alejar</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/map_view.py" line="98" />
        <source>Visits, by GPS accuracy: {grades}.</source>
        <translation>Visitas, por precisión del GPS: {grades}.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/map_view.py" line="101" />
        <source>A line joins each visit to its door; doors show their state as in the walklist.</source>
        <translation>Una línea une cada visita con su puerta; las puertas muestran su estado como en la lista de recorrido.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/map_view.py" line="153" />
        <source>{contact}, {address} — {outcome} ({grade})</source>
        <translation>{contact}, {address} — {outcome} ({grade})</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/map_view.py" line="166" />
        <source>{drawn} visits with a GPS fix drawn, at {doors} doors. {no_fix} visits without a fix are not on the map.</source>
        <translation>{drawn} visitas con posición GPS dibujadas, en {doors} puertas. {no_fix} visitas sin posición no están en el mapa.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/map_view.py" line="175" />
        <source>Wheel or +/− zooms, drag pans, click a visit to open it, double-click a door for its newest visit; on the map, Page Down goes from door to door and Enter opens.</source>
        <translation>La rueda o +/− acercan y alejan, arrastrar desplaza, un clic en una visita la abre, doble clic en una puerta abre su visita más reciente; en el mapa, Av Pág va de puerta en puerta e Intro abre.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/map_view.py" line="105" />
        <source>Map legend</source>
        <translation>Leyenda del mapa</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/map_view.py" line="125" />
        <source>Drawing the map…</source>
        <translation>Dibujando el mapa…</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/map_view.py" line="131" />
        <source>Could not draw the map: {e}</source>
        <translation>No se pudo dibujar el mapa: {e}</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/map_view.py" line="171" />
        <source>Showing the newest {n} of {total} matching visits: narrow the filter to see others.</source>
        <translation>Se muestran las {n} más recientes de {total} visitas: afine el filtro para ver otras.</translation>
    </message>
</context>
<context>
    <name>MapWidget</name>
    <message>
        <location filename="../../ui/map_widget.py" line="103" />
        <source>{done} of {doors} doors done</source>
        <translation>{done} de {doors} puertas hechas</translation>
    </message>
    <message>
        <location filename="../../ui/map_widget.py" line="109" />
        <source> · not sent</source>
        <translation> · sin enviar</translation>
    </message>
    <message>
        <location filename="../../ui/map_widget.py" line="138" />
        <source>Map of the walklist</source>
        <translation>Mapa de la lista de recorrido</translation>
    </message>
    <message>
        <location filename="../../ui/map_widget.py" line="410" />
        <source>No door of this walklist has a map position.</source>
        <translation>Ninguna puerta de esta lista de recorrido tiene posición en el mapa.</translation>
    </message>
    <message>
        <location filename="../../ui/map_widget.py" line="878" />
        <source>Streets drawn from the walklist</source>
        <translation>Calles dibujadas a partir de la lista de recorrido</translation>
    </message>
    <message>
        <location filename="../../ui/map_widget.py" line="1010" />
        <source>{n} doors on the map.</source>
        <translation>{n} puertas en el mapa.</translation>
    </message>
    <message>
        <location filename="../../ui/map_widget.py" line="1013" />
        <source>Selected: {doors}.</source>
        <translation>Seleccionada: {doors}.</translation>
    </message>
    <message>
        <location filename="../../ui/map_widget.py" line="1018" />
        <source>Your position is shown.</source>
        <translation>Se muestra su posición.</translation>
    </message>
</context>
<context>
    <name>Outcome</name>
    <message>
        <location filename="../../ui/door_style.py" line="51" />
        <source>Not Home</source>
        <translation>No está en casa</translation>
    </message>
    <message>
        <location filename="../../ui/door_style.py" line="52" />
        <source>Come Back</source>
        <translation>Volver más tarde</translation>
    </message>
    <message>
        <location filename="../../ui/door_style.py" line="53" />
        <source>Refused</source>
        <translation>Rechazó</translation>
    </message>
    <message>
        <location filename="../../ui/door_style.py" line="54" />
        <source>Moved</source>
        <translation>Se mudó</translation>
    </message>
    <message>
        <location filename="../../ui/door_style.py" line="55" />
        <source>Deceased</source>
        <translation>Falleció</translation>
    </message>
    <message>
        <location filename="../../ui/door_style.py" line="56" />
        <source>Inaccessible</source>
        <translation>Inaccesible</translation>
    </message>
    <message>
        <location filename="../../ui/door_style.py" line="57" />
        <source>Other Language</source>
        <translation>Otro idioma</translation>
    </message>
    <message>
        <location filename="../../ui/door_style.py" line="58" />
        <source>Do Not Knock</source>
        <translation>No tocar</translation>
    </message>
    <message>
        <location filename="../../ui/door_style.py" line="59" />
        <source>Successful</source>
        <translation>Con éxito</translation>
    </message>
    <message>
        <location filename="../../ui/door_style.py" line="60" />
        <source>Not Successful</source>
        <translation>Sin éxito</translation>
    </message>
    <message>
        <location filename="../../ui/door_style.py" line="61" />
        <source>Appointment</source>
        <translation>Cita</translation>
    </message>
    <message>
        <location filename="../../ui/door_style.py" line="62" />
        <source>High Priority</source>
        <translation>Prioridad alta</translation>
    </message>
    <message>
        <location filename="../../ui/door_style.py" line="63" />
        <source>Survey</source>
        <translation>Encuesta</translation>
    </message>
</context>
<context>
    <name>OutcomeBarWidget</name>
    <message>
        <location filename="../../ui/outcome_bar.py" line="26" />
        <location filename="../../ui/outcome_bar.py" line="30" />
        <source>One-tap outcomes</source>
        <translation>Resultados rápidos</translation>
    </message>
    <message>
        <location filename="../../ui/outcome_bar.py" line="29" />
        <location filename="../../ui/outcome_bar.py" line="71" />
        <source>Outcome without a survey (keys 1–7):</source>
        <translation>Resultado sin encuesta (teclas 1–7):</translation>
    </message>
    <message>
        <location filename="../../ui/outcome_bar.py" line="42" />
        <source>Record {outcome} (key {digit})</source>
        <translation>Registrar {outcome} (tecla {digit})</translation>
    </message>
    <message>
        <location filename="../../ui/outcome_bar.py" line="46" />
        <source>Key {digit}</source>
        <translation>Tecla {digit}</translation>
    </message>
    <message>
        <location filename="../../ui/outcome_bar.py" line="52" />
        <source>Record {outcome}</source>
        <translation>Registrar {outcome}</translation>
    </message>
    <message>
        <location filename="../../ui/outcome_bar.py" line="74" />
        <source>Outcome for all {n} selected people (keys 1–7):</source>
        <translation>Resultado para las {n} personas seleccionadas (teclas 1–7):</translation>
    </message>
</context>
<context>
    <name>People</name>
    <message>
        <location filename="../../services/contacts.py" line="34" />
        <source>{name} is already on the server (or being sent now), so their details can no longer be changed here. Ask the campaign office to correct them.</source>
        <translation>{name} ya está en el servidor (o se está enviando), así que sus datos ya no se pueden cambiar aquí. Pida a la oficina de campaña que los corrija.</translation>
    </message>
    <message>
        <location filename="../../services/contacts.py" line="39" />
        <source>That person is not on this laptop.</source>
        <translation>Esa persona no está en este portátil.</translation>
    </message>
    <message>
        <location filename="../../services/contacts.py" line="40" />
        <source>Pick who is canvassing before adding a person.</source>
        <translation>Elija quién hace el recorrido antes de añadir a una persona.</translation>
    </message>
</context>
<context>
    <name>Person</name>
    <message>
        <location filename="../../core/contact.py" line="35" />
        <source>Enter the person's first name.</source>
        <translation>Escriba el nombre de la persona.</translation>
    </message>
    <message>
        <location filename="../../core/contact.py" line="36" />
        <source>Enter the person's last name too: the campaign's records need both names.</source>
        <translation>Escriba también el apellido: los registros de la campaña necesitan ambos.</translation>
    </message>
    <message>
        <location filename="../../core/contact.py" line="39" />
        <source>A name is at most {limit} characters.</source>
        <translation>Un nombre tiene como máximo {limit} caracteres.</translation>
    </message>
    <message>
        <location filename="../../core/contact.py" line="40" />
        <source>A name cannot hold control characters.</source>
        <translation>Un nombre no puede contener caracteres de control.</translation>
    </message>
    <message>
        <location filename="../../core/contact.py" line="41" />
        <source>A phone number holds digits, spaces, dashes, dots, brackets and one leading +.</source>
        <translation>Un teléfono lleva dígitos, espacios, guiones, puntos, paréntesis y un + al principio.</translation>
    </message>
    <message>
        <location filename="../../core/contact.py" line="44" />
        <source>A phone number has {low} to {high} digits; this one has {count}.</source>
        <translation>Un teléfono tiene de {low} a {high} dígitos; este tiene {count}.</translation>
    </message>
    <message>
        <location filename="../../core/contact.py" line="47" />
        <source>Pick the kind of phone from the list.</source>
        <translation>Elija el tipo de teléfono de la lista.</translation>
    </message>
    <message>
        <location filename="../../core/contact.py" line="48" />
        <source>This email address is not complete: it needs a name, @ and a domain, like ana@example.org.</source>
        <translation>Este correo no está completo: necesita un nombre, @ y un dominio, como ana@example.org.</translation>
    </message>
    <message>
        <location filename="../../core/contact.py" line="52" />
        <source>An email address is at most {limit} characters.</source>
        <translation>Un correo tiene como máximo {limit} caracteres.</translation>
    </message>
    <message>
        <location filename="../../core/contact.py" line="53" />
        <source>Pick the language from the list.</source>
        <translation>Elija el idioma de la lista.</translation>
    </message>
</context>
<context>
    <name>PhoneType</name>
    <message>
        <location filename="../../core/contact.py" line="57" />
        <source>Mobile</source>
        <translation>Móvil</translation>
    </message>
    <message>
        <location filename="../../core/contact.py" line="58" />
        <source>Home</source>
        <translation>Casa</translation>
    </message>
    <message>
        <location filename="../../core/contact.py" line="59" />
        <source>Work</source>
        <translation>Trabajo</translation>
    </message>
</context>
<context>
    <name>Problems</name>
    <message>
        <location filename="../../services/problems.py" line="29" />
        <source>No connection. Visits are saved on this laptop and will be sent when you are back online.</source>
        <translation>Sin conexión. Las visitas se guardan en este portátil y se enviarán cuando vuelva a tener conexión.</translation>
    </message>
    <message>
        <location filename="../../services/problems.py" line="33" />
        <source>Sign-in needed: the server refused the sign-in. Sign in again to send visits.</source>
        <translation>Hace falta iniciar sesión: el servidor rechazó la sesión. Vuelva a iniciar sesión para enviar las visitas.</translation>
    </message>
    <message>
        <location filename="../../services/problems.py" line="36" />
        <source>The server address is not safe to use (it must start with https://). Fix it in Settings.</source>
        <translation>La dirección del servidor no es segura (debe empezar por https://). Corríjala en Ajustes.</translation>
    </message>
    <message>
        <location filename="../../services/problems.py" line="40" />
        <source>The server did not accept the request. Nothing is lost; try again later.</source>
        <translation>El servidor no aceptó la petición. No se pierde nada; vuelva a intentarlo más tarde.</translation>
    </message>
    <message>
        <location filename="../../services/problems.py" line="43" />
        <source>A file could not be used ({reason}). Check the disk and the folder, then try again.</source>
        <translation>No se pudo usar un archivo ({reason}). Compruebe el disco y la carpeta, y vuelva a intentarlo.</translation>
    </message>
    <message>
        <location filename="../../services/problems.py" line="47" />
        <source>Not saved: {reason}</source>
        <translation>No se guardó: {reason}</translation>
    </message>
    <message>
        <location filename="../../services/problems.py" line="48" />
        <source>{reason}</source>
        <translation>{reason}</translation>
    </message>
    <message>
        <location filename="../../services/problems.py" line="49" />
        <source>Something unexpected went wrong. It was logged, and the crash window says where; tell your supervisor.</source>
        <translation>Ocurrió algo inesperado. Quedó registrado y la ventana de error dice dónde; avise a su supervisor.</translation>
    </message>
</context>
<context>
    <name>RawEditDialog</name>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="390" />
        <location filename="../../ui/supervisor/detail_dialog.py" line="391" />
        <source>Edit interaction data</source>
        <translation>Editar los datos de la interacción</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="395" />
        <source>Interaction data as JSON</source>
        <translation>Datos de la interacción en JSON</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="398" />
        <source>Changed fields are queued as an edit (with checks on the values you started from) and sent at the next sync.</source>
        <translation>Los campos cambiados se ponen en cola como una edición (con comprobaciones de los valores de partida) y se envían en la próxima sincronización.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="403" />
        <source>Queue edit</source>
        <translation>Poner la edición en cola</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="404" />
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/settings_dialog.py" line="86" />
        <location filename="../../ui/settings_dialog.py" line="87" />
        <source>Settings</source>
        <translation>Configuración</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="91" />
        <location filename="../../ui/settings_dialog.py" line="211" />
        <source>API address</source>
        <translation>Dirección de la API</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="114" />
        <location filename="../../ui/settings_dialog.py" line="213" />
        <source>Edit path form</source>
        <translation>Forma de las rutas de edición</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="116" />
        <source>From the document root (/data/successful)</source>
        <translation>Desde la raíz del documento (/data/successful)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="117" />
        <source>Relative to data (/successful)</source>
        <translation>Relativa a data (/successful)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="124" />
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="125" />
        <source>Sync interval in seconds</source>
        <translation>Intervalo de sincronización en segundos</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="129" />
        <location filename="../../ui/settings_dialog.py" line="215" />
        <source>Visits sent at once</source>
        <translation>Visitas enviadas a la vez</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="132" />
        <location filename="../../ui/settings_dialog.py" line="216" />
        <source>Location source</source>
        <translation>Fuente de ubicación</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="135" />
        <source>An NMEA log file</source>
        <translation>Un archivo de registro NMEA</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="136" />
        <source>A GPS on a serial port</source>
        <translation>Un GPS en un puerto serie</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="138" />
        <source>Entered by hand</source>
        <translation>Introducida a mano</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="139" />
        <source>No location</source>
        <translation>Sin ubicación</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="145" />
        <location filename="../../ui/settings_dialog.py" line="217" />
        <source>NMEA log file</source>
        <translation>Archivo de registro NMEA</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="103" />
        <location filename="../../ui/settings_dialog.py" line="146" />
        <location filename="../../ui/settings_dialog.py" line="292" />
        <source>Browse…</source>
        <translation>Examinar…</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="94" />
        <source>Trusted certificate authority file</source>
        <translation>Archivo de la autoridad de certificación de confianza</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="95" />
        <source>Optional: a PEM file</source>
        <translation>Opcional: un archivo PEM</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="98" />
        <source>Only if your organisation runs its own certificate authority: its certificate file (PEM), trusted besides this computer's. Certificates are always checked.</source>
        <translation>Solo si su organización tiene su propia autoridad de certificación: su archivo de certificado (PEM), en el que se confía además de en los de este equipo. Los certificados siempre se comprueban.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="105" />
        <location filename="../../ui/settings_dialog.py" line="478" />
        <source>Choose the certificate authority file</source>
        <translation>Elegir el archivo de la autoridad de certificación</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="134" />
        <source>This computer's location service (GeoClue on Linux)</source>
        <translation>El servicio de ubicación de este equipo (GeoClue en Linux)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="137" />
        <source>A GPS shared by gpsd (USB or Bluetooth receiver)</source>
        <translation>Un GPS compartido por gpsd (receptor USB o Bluetooth)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="147" />
        <source>Choose the NMEA log file</source>
        <translation>Elegir el archivo de registro NMEA</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="156" />
        <location filename="../../ui/settings_dialog.py" line="218" />
        <source>GPS serial port</source>
        <translation>Puerto serie del GPS</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="161" />
        <location filename="../../ui/settings_dialog.py" line="219" />
        <source>gpsd host</source>
        <translation>Equipo de gpsd</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="165" />
        <source>gpsd port</source>
        <translation>Puerto de gpsd</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="169" />
        <source>port</source>
        <translation>puerto</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="174" />
        <source>Location source in use now</source>
        <translation>Fuente de ubicación en uso ahora</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="179" />
        <source> m</source>
        <translation> m</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="180" />
        <source>Accuracy threshold in metres</source>
        <translation>Umbral de precisión en metros</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="183" />
        <location filename="../../ui/settings_dialog.py" line="222" />
        <source>Theme</source>
        <translation>Tema</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="185" />
        <source>Light</source>
        <translation>Claro</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="186" />
        <source>Dark</source>
        <translation>Oscuro</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="187" />
        <source>High contrast</source>
        <translation>Alto contraste</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="193" />
        <location filename="../../ui/settings_dialog.py" line="223" />
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="199" />
        <location filename="../../ui/settings_dialog.py" line="224" />
        <source>Canvasser name</source>
        <translation>Nombre del voluntario</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="202" />
        <source>After a one-tap outcome, go on to the next door to knock</source>
        <translation>Tras un resultado rápido, pasar a la siguiente puerta por tocar</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="204" />
        <source>Move on after an outcome</source>
        <translation>Avanzar tras un resultado</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="206" />
        <source>Narrow streets: cross at every door instead of one side, then the other</source>
        <translation>Calles estrechas: cruzar en cada puerta en lugar de recorrer un lado y luego el otro</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="208" />
        <source>Zig-zag along streets</source>
        <translation>Zigzag por las calles</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="212" />
        <source>Trusted certificate authority</source>
        <translation>Autoridad de certificación de confianza</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="214" />
        <source>Sync interval</source>
        <translation>Intervalo de sincronización</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="221" />
        <source>Accuracy threshold</source>
        <translation>Umbral de precisión</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="225" />
        <source>At the door</source>
        <translation>En la puerta</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="226" />
        <source>Walk order</source>
        <translation>Orden del recorrido</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="232" />
        <source>Problems with these settings</source>
        <translation>Problemas con esta configuración</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="245" />
        <source>General</source>
        <translation>General</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="246" />
        <source>Map</source>
        <translation>Mapa</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="284" />
        <location filename="../../ui/settings_dialog.py" line="324" />
        <source>Map file (MBTiles)</source>
        <translation>Archivo de mapa (MBTiles)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="285" />
        <source>Optional: an .mbtiles file</source>
        <translation>Opcional: un archivo .mbtiles</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="288" />
        <source>A map of the area exported as MBTiles (from QGIS, TileMill or Mobile Atlas Creator), drawn under the doors with no network.</source>
        <translation>Un mapa de la zona exportado como MBTiles (desde QGIS, TileMill o Mobile Atlas Creator), dibujado bajo las puertas sin red.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="293" />
        <location filename="../../ui/settings_dialog.py" line="489" />
        <source>Choose the map file</source>
        <translation>Elegir el archivo de mapa</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="301" />
        <location filename="../../ui/settings_dialog.py" line="325" />
        <source>Map tile address</source>
        <translation>Dirección de teselas del mapa</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="305" />
        <source>The campaign's tile server: the tiles around a walklist's doors are downloaded with it. The public OpenStreetMap servers do not allow this.</source>
        <translation>El servidor de teselas de la campaña: las teselas alrededor de las puertas de una lista se descargan con ella. Los servidores públicos de OpenStreetMap no lo permiten.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="311" />
        <source>Highest map zoom to download</source>
        <translation>Zoom máximo del mapa que se descarga</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="313" />
        <location filename="../../ui/settings_dialog.py" line="327" />
        <source>Map attribution</source>
        <translation>Atribución del mapa</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="314" />
        <source>As the tile provider asks</source>
        <translation>Como la pida el proveedor de teselas</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="318" />
        <source>With no map file and no tile address, the map draws the streets from the walklist's own doors.</source>
        <translation>Sin archivo de mapa ni dirección de teselas, el mapa dibuja las calles a partir de las puertas de la lista.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="326" />
        <source>Highest zoom to download</source>
        <translation>Zoom máximo que se descarga</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="417" />
        <source>The settings could not be saved: {reason}</source>
        <translation>No se pudo guardar la configuración: {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="443" />
        <source>Not known here (no position service).</source>
        <translation>No se sabe aquí (no hay servicio de posición).</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="448" />
        <source>a fix, ±{m} m.</source>
        <translation>una posición, ±{m} m.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="450" />
        <source>a fix of unknown accuracy.</source>
        <translation>una posición de precisión desconocida.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="454" />
        <source>no fix.</source>
        <translation>sin posición.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="456" />
        <source>In use now: {source}</source>
        <translation>En uso ahora: {source}</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="480" />
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>Certificados (*.pem *.crt *.cer);;Todos los archivos (*)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="491" />
        <source>MBTiles maps (*.mbtiles);;All files (*)</source>
        <translation>Mapas MBTiles (*.mbtiles);;Todos los archivos (*)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="500" />
        <source>Choose an NMEA log file</source>
        <translation>Elija un archivo de registro NMEA</translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="502" />
        <source>NMEA logs (*.nmea *.txt *.log);;All files (*)</source>
        <translation>Registros NMEA (*.nmea *.txt *.log);;Todos los archivos (*)</translation>
    </message>
</context>
<context>
    <name>ShortcutHelpDialog</name>
    <message>
        <location filename="../../ui/help_overlay.py" line="25" />
        <location filename="../../ui/help_overlay.py" line="26" />
        <source>Keyboard shortcuts</source>
        <translation>Atajos de teclado</translation>
    </message>
    <message>
        <location filename="../../ui/help_overlay.py" line="31" />
        <source>Everything on the door screen works from the keyboard. Tab moves between areas.</source>
        <translation>Todo en la pantalla de puerta funciona con el teclado. Tab pasa de una zona a otra.</translation>
    </message>
    <message>
        <location filename="../../ui/help_overlay.py" line="37" />
        <source>Shortcuts</source>
        <translation>Atajos</translation>
    </message>
    <message>
        <location filename="../../ui/help_overlay.py" line="38" />
        <source>Keys</source>
        <translation>Teclas</translation>
    </message>
    <message>
        <location filename="../../ui/help_overlay.py" line="38" />
        <source>Does</source>
        <translation>Acción</translation>
    </message>
    <message>
        <location filename="../../ui/help_overlay.py" line="49" />
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <location filename="../../ui/help_overlay.py" line="50" />
        <source>Close the shortcut list</source>
        <translation>Cerrar la lista de atajos</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="44" />
        <source>Sign in to Polis</source>
        <translation>Iniciar sesión en Polis</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="45" />
        <location filename="../../ui/sign_in_dialog.py" line="93" />
        <location filename="../../ui/sign_in_dialog.py" line="94" />
        <source>Sign in</source>
        <translation>Iniciar sesión</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="48" />
        <source>Server: {url}</source>
        <translation>Servidor: {url}</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="53" />
        <source>How to sign in</source>
        <translation>Cómo iniciar sesión</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="58" />
        <source>Access token</source>
        <translation>Token de acceso</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="59" />
        <source>Paste the access token</source>
        <translation>Pegue el token de acceso</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="60" />
        <source>Access &amp;token:</source>
        <translation>&amp;Token de acceso:</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="61" />
        <source>Paste a token</source>
        <translation>Pegar un token</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="66" />
        <source>Client id</source>
        <translation>Id de cliente</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="69" />
        <source>Client secret</source>
        <translation>Secreto de cliente</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="71" />
        <location filename="../../ui/sign_in_dialog.py" line="75" />
        <source>Authorization code</source>
        <translation>Código de autorización</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="72" />
        <source>Client &amp;id:</source>
        <translation>&amp;Id de cliente:</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="73" />
        <source>Client &amp;secret:</source>
        <translation>&amp;Secreto de cliente:</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="74" />
        <source>Authorization &amp;code:</source>
        <translation>&amp;Código de autorización:</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="81" />
        <source>Sign-in notice</source>
        <translation>Aviso de inicio de sesión</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="89" />
        <source>Sign-in message</source>
        <translation>Mensaje de inicio de sesión</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="96" />
        <location filename="../../ui/sign_in_dialog.py" line="97" />
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="108" />
        <source>No keyring on this computer: the token is kept for this session only. You will have to sign in again after closing Canvass.</source>
        <translation>Este equipo no tiene llavero: el token se guarda solo durante esta sesión. Tendrá que iniciar sesión otra vez al cerrar Canvass.</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="116" />
        <source>Paste the access token first.</source>
        <translation>Pegue primero el token de acceso.</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="121" />
        <source>client id</source>
        <translation>id de cliente</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="122" />
        <source>client secret</source>
        <translation>secreto de cliente</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="123" />
        <source>authorization code</source>
        <translation>código de autorización</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="128" />
        <source>Fill in: {fields}.</source>
        <translation>Complete: {fields}.</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="144" />
        <source>Asking the server…</source>
        <translation>Consultando al servidor…</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="164" />
        <source>The server did not accept the code: {error}</source>
        <translation>El servidor no aceptó el código: {error}</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../../ui/app.py" line="138" />
        <source>Canvass is already open</source>
        <translation>Canvass ya está abierto</translation>
    </message>
    <message>
        <location filename="../../services/startup.py" line="40" />
        <source>The visits database cannot be used</source>
        <translation>No se puede usar la base de datos de visitas</translation>
    </message>
    <message>
        <location filename="../../services/startup.py" line="41" />
        <source>The visits database was damaged</source>
        <translation>La base de datos de visitas estaba dañada</translation>
    </message>
    <message>
        <location filename="../../services/startup.py" line="42" />
        <source>The database is {path}.</source>
        <translation>La base de datos es {path}.</translation>
    </message>
    <message>
        <location filename="../../services/startup.py" line="43" />
        <source>The saved visit was queued again in the new database: nothing is lost.</source>
        <translation>La visita guardada se volvió a poner en cola en la nueva base de datos: no se pierde nada.</translation>
    </message>
    <message>
        <location filename="../../services/startup.py" line="46" />
        <source>The %n saved visits were queued again in the new database: nothing is lost.</source>
        <translation>Las %n visitas guardadas se volvieron a poner en cola en la nueva base de datos: no se pierde nada.</translation>
    </message>
    <message>
        <location filename="../../services/startup.py" line="49" />
        <source>The visits database is damaged and could not be recovered automatically. Nothing was deleted; the file is still at {path}. Contact your supervisor.</source>
        <translation>La base de datos de visitas está dañada y no se pudo recuperar automáticamente. No se borró nada; el archivo sigue en {path}. Avise a su supervisor.</translation>
    </message>
</context>
<context>
    <name>StatsView</name>
    <message>
        <location filename="../../ui/supervisor/stats_view.py" line="106" />
        <source>Statistics</source>
        <translation>Estadísticas</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/stats_view.py" line="109" />
        <source>Per canvasser</source>
        <translation>Por voluntario</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/stats_view.py" line="110" />
        <source>Per walklist</source>
        <translation>Por lista</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/stats_view.py" line="111" />
        <source>Group statistics by</source>
        <translation>Agrupar estadísticas por</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/stats_view.py" line="114" />
        <source>Statistics status</source>
        <translation>Estado de las estadísticas</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/stats_view.py" line="121" />
        <source>Statistics table</source>
        <translation>Tabla de estadísticas</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/stats_view.py" line="127" />
        <source>Outcomes</source>
        <translation>Resultados</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/stats_view.py" line="129" />
        <source>GPS distance to the door (share of visits)</source>
        <translation>Distancia GPS a la puerta (proporción de visitas)</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/stats_view.py" line="132" />
        <source>Outcome chart</source>
        <translation>Gráfico de resultados</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/stats_view.py" line="133" />
        <source>GPS grade chart</source>
        <translation>Gráfico de calidad del GPS</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/stats_view.py" line="144" />
        <source>Show:</source>
        <translation>Mostrar:</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/stats_view.py" line="165" />
        <source>Counting…</source>
        <translation>Contando…</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/stats_view.py" line="174" />
        <source>Could not compute statistics: {e}</source>
        <translation>No se pudieron calcular las estadísticas: {e}</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/stats_view.py" line="191" />
        <source>{n} shown, {f} flagged</source>
        <translation>{n} mostradas, {f} marcadas</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/stats_view.py" line="198" />
        <source>Canvasser</source>
        <translation>Voluntario</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/stats_view.py" line="198" />
        <source>Walklist</source>
        <translation>Lista de recorrido</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/stats_view.py" line="203" />
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/stats_view.py" line="250" />
        <source>visits</source>
        <translation>visitas</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/stats_view.py" line="263" />
        <source>% of visits</source>
        <translation>% de visitas</translation>
    </message>
</context>
<context>
    <name>SupervisorPinDialog</name>
    <message>
        <location filename="../../ui/supervisor/pin_dialog.py" line="33" />
        <source>Choose a supervisor PIN</source>
        <translation>Elija un PIN de supervisor</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/pin_dialog.py" line="33" />
        <source>Supervisor PIN</source>
        <translation>PIN de supervisor</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/pin_dialog.py" line="38" />
        <source>No supervisor PIN is set on this laptop. Choose 4 to 12 digits; canvassers will need it to see everyone's visits.</source>
        <translation>Este portátil no tiene PIN de supervisor. Elija de 4 a 12 dígitos; hará falta para ver las visitas de todos.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/pin_dialog.py" line="42" />
        <source>Enter the supervisor PIN to see every canvasser's visits.</source>
        <translation>Introduzca el PIN de supervisor para ver las visitas de todos los voluntarios.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/pin_dialog.py" line="47" />
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/pin_dialog.py" line="51" />
        <source>Repeat the PIN</source>
        <translation>Repita el PIN</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/pin_dialog.py" line="56" />
        <source>PIN message</source>
        <translation>Mensaje del PIN</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/pin_dialog.py" line="57" />
        <source>Set PIN</source>
        <translation>Fijar PIN</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/pin_dialog.py" line="57" />
        <source>Unlock</source>
        <translation>Desbloquear</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/pin_dialog.py" line="60" />
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/pin_dialog.py" line="66" />
        <source>PIN:</source>
        <translation>PIN:</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/pin_dialog.py" line="68" />
        <source>Repeat:</source>
        <translation>Repetir:</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/pin_dialog.py" line="94" />
        <source>The two PINs differ; type the same PIN twice.</source>
        <translation>Los dos PIN son distintos; escriba el mismo PIN dos veces.</translation>
    </message>
</context>
<context>
    <name>SupervisorReviewView</name>
    <message>
        <location filename="../../ui/supervisor/review_view.py" line="40" />
        <location filename="../../ui/supervisor/review_view.py" line="92" />
        <source>Supervisor — every visit on this laptop</source>
        <translation>Supervisor — todas las visitas de este portátil</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/review_view.py" line="42" />
        <source>{name} — your visits</source>
        <translation>{name} — sus visitas</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/review_view.py" line="42" />
        <source>nobody</source>
        <translation>nadie</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/review_view.py" line="44" />
        <location filename="../../ui/supervisor/review_view.py" line="45" />
        <source>Review visits</source>
        <translation>Revisar visitas</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/review_view.py" line="48" />
        <source>Supervisor mode…</source>
        <translation>Modo supervisor…</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/review_view.py" line="49" />
        <source>Supervisor mode</source>
        <translation>Modo supervisor</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/review_view.py" line="80" />
        <source>History</source>
        <translation>Historial</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/review_view.py" line="81" />
        <source>Stats</source>
        <translation>Estadísticas</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/review_view.py" line="82" />
        <source>Map</source>
        <translation>Mapa</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/review_view.py" line="54" />
        <source>Review tabs</source>
        <translation>Pestañas de revisión</translation>
    </message>
</context>
<context>
    <name>Survey</name>
    <message>
        <location filename="../../core/survey.py" line="646" />
        <source>“{question}” is required: answer it before going on.</source>
        <translation>«{question}» es obligatoria: respóndala antes de seguir.</translation>
    </message>
    <message>
        <location filename="../../core/survey.py" line="649" />
        <source>The answer to “{question}” is {length} characters long; at most {limit} fit.</source>
        <translation>La respuesta a «{question}» tiene {length} caracteres; caben como máximo {limit}.</translation>
    </message>
    <message>
        <location filename="../../core/survey.py" line="653" />
        <source>The answer to “{question}” must be a number; “{value}” is not one.</source>
        <translation>La respuesta a «{question}» debe ser un número; «{value}» no lo es.</translation>
    </message>
    <message>
        <location filename="../../core/survey.py" line="656" />
        <source>The amount for “{question}” must be a number of 0 or more; “{value}” is not.</source>
        <translation>La cantidad de «{question}» debe ser un número igual o mayor que 0; «{value}» no lo es.</translation>
    </message>
    <message>
        <location filename="../../core/survey_run.py" line="44" />
        <source>Very unhappy</source>
        <translation>Muy descontento</translation>
    </message>
    <message>
        <location filename="../../core/survey_run.py" line="45" />
        <source>Unhappy</source>
        <translation>Descontento</translation>
    </message>
    <message>
        <location filename="../../core/survey_run.py" line="46" />
        <source>Neutral</source>
        <translation>Neutral</translation>
    </message>
    <message>
        <location filename="../../core/survey_run.py" line="47" />
        <source>Happy</source>
        <translation>Contento</translation>
    </message>
    <message>
        <location filename="../../core/survey_run.py" line="48" />
        <source>Very happy</source>
        <translation>Muy contento</translation>
    </message>
    <message>
        <location filename="../../core/survey_run.py" line="49" />
        <source>Yes</source>
        <translation>Sí</translation>
    </message>
    <message>
        <location filename="../../core/survey_run.py" line="50" />
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../core/survey_run.py" line="51" />
        <source>Not sure</source>
        <translation>No sabe</translation>
    </message>
    <message>
        <location filename="../../core/survey_run.py" line="53" />
        <source>(no answer)</source>
        <translation>(sin respuesta)</translation>
    </message>
    <message>
        <location filename="../../core/survey_run.py" line="54" />
        <source>{value} — {words}</source>
        <translation>{value} — {words}</translation>
    </message>
</context>
<context>
    <name>SurveyFormWidget</name>
    <message>
        <location filename="../../ui/survey_form.py" line="93" />
        <source>Survey</source>
        <translation>Encuesta</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="96" />
        <location filename="../../ui/survey_form.py" line="342" />
        <source>Save visit</source>
        <translation>Guardar visita</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="127" />
        <source>Pick a person in the walklist to start the survey.</source>
        <translation>Elija a una persona en la lista para empezar la encuesta.</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="130" />
        <source>No survey open</source>
        <translation>Ninguna encuesta abierta</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="131" />
        <source>Start the survey (Enter)</source>
        <translation>Empezar la encuesta (Intro)</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="132" />
        <source>Start the survey</source>
        <translation>Empezar la encuesta</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="147" />
        <source>Question</source>
        <translation>Pregunta</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="152" />
        <source>Link</source>
        <translation>Enlace</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="170" />
        <source>Survey message</source>
        <translation>Mensaje de la encuesta</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="194" />
        <location filename="../../ui/survey_form.py" line="227" />
        <source>◀ Back</source>
        <translation>◀ Atrás</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="195" />
        <source>Back to the previous question</source>
        <translation>Volver a la pregunta anterior</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="196" />
        <location filename="../../ui/survey_form.py" line="229" />
        <source>Backspace</source>
        <translation>Retroceso</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="201" />
        <source>Keys for this question</source>
        <translation>Teclas de esta pregunta</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="203" />
        <source>Next ▶</source>
        <translation>Siguiente ▶</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="204" />
        <source>Next question</source>
        <translation>Siguiente pregunta</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="205" />
        <location filename="../../ui/survey_form.py" line="242" />
        <source>Enter</source>
        <translation>Intro</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="220" />
        <source>Review</source>
        <translation>Revisión</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="371" />
        <source>Left the survey; no answers were saved.</source>
        <translation>Salió de la encuesta; no se guardó ninguna respuesta.</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="449" />
        <source>(required)</source>
        <translation>(obligatoria)</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="453" />
        <source>Required question</source>
        <translation>Pregunta obligatoria</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="558" />
        <source>Amount</source>
        <translation>Cantidad</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="563" />
        <source>Other amount:</source>
        <translation>Otra cantidad:</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="583" />
        <source>Type the answer</source>
        <translation>Escriba la respuesta</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="585" />
        <source>Type the answer, or {keys} to go on</source>
        <translation>Escriba la respuesta, o {keys} para seguir</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="588" />
        <source>{keys} tick</source>
        <translation>{keys} marcan</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="590" />
        <source>{keys} tick, {more} pick how to go on</source>
        <translation>{keys} marcan, {more} eligen cómo seguir</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="595" />
        <source>{keys} pick, {other} other amount</source>
        <translation>{keys} eligen, {other} otra cantidad</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="600" />
        <source>{keys} pick</source>
        <translation>{keys} eligen</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="602" />
        <source>Question {n} · {how} · Enter next · Esc leaves</source>
        <translation>Pregunta {n} · {how} · Intro sigue · Esc sale</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="715" />
        <source>Answers to review</source>
        <translation>Respuestas para revisar</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="733" />
        <source>Answer to {question}</source>
        <translation>Respuesta a {question}</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="769" />
        <source>Leave the survey?</source>
        <translation>¿Salir de la encuesta?</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="770" />
        <source>Leave the survey? The answers given so far are not saved.</source>
        <translation>¿Salir de la encuesta? Las respuestas dadas hasta ahora no se guardan.</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="774" />
        <source>&amp;Discard the answers</source>
        <translation>&amp;Descartar las respuestas</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="776" />
        <source>&amp;Keep answering</source>
        <translation>&amp;Seguir respondiendo</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="228" />
        <source>Back to the last question</source>
        <translation>Volver a la última pregunta</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="241" />
        <source>Save the visit</source>
        <translation>Guardar la visita</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="111" />
        <source>Survey problems</source>
        <translation>Problemas de la encuesta</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="218" />
        <source>Check the answers, then save</source>
        <translation>Revise las respuestas y guarde</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="232" />
        <source>Arrows, Page Up/Down scroll · Enter saves · Esc leaves</source>
        <translation>Flechas y Re Pág/Av Pág desplazan · Intro guarda · Esc sale</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="236" />
        <source>Keys for the review</source>
        <translation>Teclas de la revisión</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="321" />
        <source>The survey “{name}” cannot be used:
{lines}

Record the door with the one-tap outcomes (keys 1–7) and tell your organiser so they can fix the survey.</source>
        <translation>La encuesta «{name}» no se puede usar:
{lines}

Registre la puerta con los resultados rápidos (teclas 1–7) y avise a su organizador para que corrija la encuesta.</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="324" />
        <source>(no name)</source>
        <translation>(sin nombre)</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="338" />
        <source>the survey has no questions</source>
        <translation>la encuesta no tiene preguntas</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="461" />
        <source>Open the document</source>
        <translation>Abrir el documento</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="462" />
        <source>Open the video</source>
        <translation>Abrir el vídeo</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="463" />
        <source>Open the link</source>
        <translation>Abrir el enlace</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="517" />
        <source>At most {n} characters.</source>
        <translation>Como máximo {n} caracteres.</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="527" />
        <source>Length limit</source>
        <translation>Límite de longitud</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="547" />
        <location filename="../../ui/survey_form.py" line="549" />
        <location filename="../../ui/survey_form.py" line="559" />
        <source>Other amount</source>
        <translation>Otra cantidad</translation>
    </message>
    <message>
        <location filename="../../ui/survey_form.py" line="473" />
        <location filename="../../ui/survey_form.py" line="492" />
        <location filename="../../ui/survey_form.py" line="551" />
        <source>Key {key}</source>
        <translation>Tecla {key}</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <location filename="../../qt/sync_worker.py" line="78" />
        <source>No Polis server address is set. Enter it in Settings to send visits.</source>
        <translation>No hay dirección de servidor Polis. Escríbala en Ajustes para enviar las visitas.</translation>
    </message>
    <message>
        <location filename="../../qt/sync_worker.py" line="81" />
        <source>The server address or the sign-in cannot be used ({reason}). Check them in Settings.</source>
        <translation>No se puede usar la dirección del servidor o la sesión ({reason}). Revíselas en Ajustes.</translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <location filename="../../ui/sync_status.py" line="34" />
        <source>under a minute</source>
        <translation>menos de un minuto</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="37" />
        <source>{n} min</source>
        <translation>{n} min</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="40" />
        <source>{n} h</source>
        <translation>{n} h</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="41" />
        <source>{n} days</source>
        <translation>{n} días</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="53" />
        <source>Sync status</source>
        <translation>Estado de la sincronización</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="62" />
        <source>Network</source>
        <translation>Red</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="64" />
        <source>Visits waiting to be sent</source>
        <translation>Visitas esperando envío</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="67" />
        <source>Oldest unsent visit</source>
        <translation>Visita sin enviar más antigua</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="69" />
        <source>Sync progress</source>
        <translation>Progreso de la sincronización</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="74" />
        <source>Last sync error</source>
        <translation>Último error de sincronización</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="77" />
        <source>Sign in…</source>
        <translation>Iniciar sesión…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="78" />
        <source>Sign in</source>
        <translation>Iniciar sesión</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="81" />
        <location filename="../../ui/sync_status.py" line="82" />
        <source>Sync now</source>
        <translation>Sincronizar ahora</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="83" />
        <source>Send waiting visits now (Ctrl+S)</source>
        <translation>Enviar ahora las visitas pendientes (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="107" />
        <source>◌ Network unknown</source>
        <translation>◌ Red desconocida</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="109" />
        <source>● Online</source>
        <translation>● En línea</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="111" />
        <source>○ Offline — visits are kept on this device</source>
        <translation>○ Sin conexión — las visitas se guardan en este equipo</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="118" />
        <source>✓ All visits sent</source>
        <translation>✓ Todas las visitas enviadas</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="121" />
        <source>{n} waiting to send</source>
        <translation>{n} esperando envío</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="123" />
        <source>oldest: {age}</source>
        <translation>la más antigua: {age}</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="129" />
        <source> — {n} need your attention (see History)</source>
        <translation> — {n} necesitan su atención (vea el Historial)</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="139" />
        <source>Sending %v of %m</source>
        <translation>Enviando %v de %m</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="146" />
        <source>Sending…</source>
        <translation>Enviando…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="168" />
        <source>⚠ {message}</source>
        <translation>⚠ {message}</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="174" />
        <source>Sign-in needed: sending is paused. Your visits are safe; sign in to resume.</source>
        <translation>Hay que iniciar sesión: el envío está en pausa. Sus visitas están a salvo; inicie sesión para seguir.</translation>
    </message>
</context>
<context>
    <name>VisitDetailDialog</name>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="89" />
        <source>Visit detail</source>
        <translation>Detalle de la visita</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="94" />
        <source>Question</source>
        <translation>Pregunta</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="94" />
        <source>Answer</source>
        <translation>Respuesta</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="99" />
        <source>Survey answers</source>
        <translation>Respuestas de la encuesta</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="103" />
        <source>Raw interaction data</source>
        <translation>Datos en bruto de la interacción</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="107" />
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="108" />
        <source>Event</source>
        <translation>Evento</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="109" />
        <source>Method</source>
        <translation>Método</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="110" />
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="111" />
        <source>Etag</source>
        <translation>Etag</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="112" />
        <source>What happened</source>
        <translation>Qué pasó</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="119" />
        <location filename="../../ui/supervisor/detail_dialog.py" line="123" />
        <source>Sync log</source>
        <translation>Registro de envío</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="122" />
        <source>Answers</source>
        <translation>Respuestas</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="124" />
        <source>Raw data</source>
        <translation>Datos en bruto</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="128" />
        <source>Send again (requeue)</source>
        <translation>Enviar de nuevo (volver a la cola)</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="129" />
        <source>Edit data…</source>
        <translation>Editar datos…</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="130" />
        <source>Void visit</source>
        <translation>Anular visita</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="131" />
        <source>Export as JSON…</source>
        <translation>Exportar como JSON…</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="132" />
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="168" />
        <source>Visit — {contact}, {address}</source>
        <translation>Visita — {contact}, {address}</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="169" />
        <source>unknown contact</source>
        <translation>contacto desconocido</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="174" />
        <source> — voided</source>
        <translation> — anulada</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="177" />
        <source>Sync state:</source>
        <translation>Estado de envío:</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="181" />
        <source>Last problem:</source>
        <translation>Último problema:</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="182" />
        <source>Contact:</source>
        <translation>Contacto:</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="184" />
        <source>Knocked / sent:</source>
        <translation>Visitada / enviada:</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="191" />
        <source>Canvasser / outcome:</source>
        <translation>Voluntario / resultado:</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="196" />
        <source>⚠ Recorded at a door marked Do Not Knock: the canvasser confirmed it on purpose.</source>
        <translation>⚠ Registrada en una puerta marcada No tocar: el voluntario lo confirmó a propósito.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="202" />
        <source>Do Not Knock:</source>
        <translation>No tocar:</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="207" />
        <source>New person:</source>
        <translation>Persona nueva:</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="208" />
        <source>Distance to door:</source>
        <translation>Distancia a la puerta:</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="210" />
        <source>local {local} · server {server} · etag {etag}</source>
        <translation>local {local} · servidor {server} · etag {etag}</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="212" />
        <source>none yet</source>
        <translation>ninguno todavía</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="213" />
        <source>none</source>
        <translation>ninguno</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="217" />
        <source>Ids:</source>
        <translation>Ids:</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="219" />
        <source>survey not in the offline copy</source>
        <translation>la encuesta no está en la copia sin conexión</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="220" />
        <source>Answers ({survey})</source>
        <translation>Respuestas ({survey})</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="237" />
        <source>person: {event}</source>
        <translation>persona: {event}</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="261" />
        <source>{name}, added at the door on this laptop by {canvasser}, {time}.</source>
        <translation>{name}, persona añadida en la puerta en este portátil por {canvasser}, {time}.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="267" />
        <source>On the server: contact {contact}, link {link}.</source>
        <translation>En el servidor: contacto {contact}, vínculo {link}.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="272" />
        <source>The server did not accept them ({reason}). Correct them at the door (F2), then send this visit again: they go first.</source>
        <translation>El servidor no aceptó a esta persona ({reason}). Corríjala en la puerta (F2) y vuelva a enviar esta visita: la persona se envía primero.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="277" />
        <source>Not on the server yet: they are sent first, then this visit names them.</source>
        <translation>Aún no está en el servidor: primero se envía la persona y después esta visita, que la nombra.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="293" />
        <source>Could not do that</source>
        <translation>No se pudo hacer</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="307" />
        <source>Void this visit?</source>
        <translation>¿Anular esta visita?</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="309" />
        <source>The visit stays in the ledger, marked voided; if it reached the server a delete is queued. Void it?</source>
        <translation>La visita queda en el registro, marcada como anulada; si llegó al servidor, se pone en cola un borrado. ¿Anularla?</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="339" />
        <source>The data is not valid JSON: {e}</source>
        <translation>Los datos no son JSON válido: {e}</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="342" />
        <source>The data must be a JSON object.</source>
        <translation>Los datos deben ser un objeto JSON.</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="367" />
        <source>Export visit</source>
        <translation>Exportar visita</translation>
    </message>
    <message>
        <location filename="../../ui/supervisor/detail_dialog.py" line="369" />
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
</context>
<context>
    <name>WalkMapView</name>
    <message>
        <location filename="../../ui/walk_map_view.py" line="41" />
        <source>Map</source>
        <translation>Mapa</translation>
    </message>
    <message>
        <location filename="../../ui/walk_map_view.py" line="45" />
        <source>Whole walklist</source>
        <translation>Toda la lista</translation>
    </message>
    <message>
        <location filename="../../ui/walk_map_view.py" line="46" />
        <source>Show every door of the walklist (Ctrl+0)</source>
        <translation>Mostrar todas las puertas de la lista (Ctrl+0)</translation>
    </message>
    <message>
        <location filename="../../ui/walk_map_view.py" line="48" />
        <source>Zoom in (Ctrl++)</source>
        <translation>Acercar (Ctrl++)</translation>
    </message>
    <message>
        <location filename="../../ui/walk_map_view.py" line="50" />
        <source>Zoom out (Ctrl+-)</source>
        <translation>Alejar (Ctrl+-)</translation>
    </message>
    <message>
        <location filename="../../ui/walk_map_view.py" line="52" />
        <source>Show the whole walklist on the map</source>
        <translation>Mostrar toda la lista de recorrido en el mapa</translation>
    </message>
    <message>
        <location filename="../../ui/walk_map_view.py" line="53" />
        <source>Zoom the map in</source>
        <translation>Acercar el mapa</translation>
    </message>
    <message>
        <location filename="../../ui/walk_map_view.py" line="54" />
        <source>Zoom the map out</source>
        <translation>Alejar el mapa</translation>
    </message>
    <message>
        <location filename="../../ui/walk_map_view.py" line="66" />
        <source>What the map shows</source>
        <translation>Qué muestra el mapa</translation>
    </message>
    <message>
        <location filename="../../ui/walk_map_view.py" line="153" />
        <source>The map could not be drawn.</source>
        <translation>No se pudo dibujar el mapa.</translation>
    </message>
    <message>
        <location filename="../../ui/walk_map_view.py" line="197" />
        <source>Preparing the map…</source>
        <translation>Preparando el mapa…</translation>
    </message>
    <message>
        <location filename="../../ui/walk_map_view.py" line="223" />
        <source>Map: {name}.</source>
        <translation>Mapa: {name}.</translation>
    </message>
    <message>
        <location filename="../../ui/walk_map_view.py" line="226" />
        <source>No map file for this walklist: the streets are drawn from its doors.</source>
        <translation>No hay archivo de mapa para esta lista: las calles se dibujan a partir de sus puertas.</translation>
    </message>
    <message>
        <location filename="../../ui/walk_map_view.py" line="232" />
        <source>{n} doors have no map position; they are in the list only.</source>
        <translation>{n} puertas no tienen posición en el mapa; solo están en la lista.</translation>
    </message>
</context>
<context>
    <name>WalklistModel</name>
    <message>
        <location filename="../../ui/walklist_model.py" line="579" />
        <source>Unit {unit}</source>
        <translation>Unidad {unit}</translation>
    </message>
    <message>
        <location filename="../../ui/walklist_model.py" line="580" />
        <source>(no unit)</source>
        <translation>(sin unidad)</translation>
    </message>
    <message>
        <location filename="../../ui/walklist_model.py" line="601" />
        <source>(no address)</source>
        <translation>(sin dirección)</translation>
    </message>
    <message>
        <location filename="../../ui/walklist_model.py" line="612" />
        <source>odd side</source>
        <translation>lado impar</translation>
    </message>
    <message>
        <location filename="../../ui/walklist_model.py" line="613" />
        <source>even side</source>
        <translation>lado par</translation>
    </message>
    <message>
        <location filename="../../ui/walklist_model.py" line="610" />
        <location filename="../../ui/walklist_model.py" line="615" />
        <source>(no street)</source>
        <translation>(sin calle)</translation>
    </message>
    <message>
        <location filename="../../ui/walklist_model.py" line="767" />
        <source>Door / person</source>
        <translation>Puerta / persona</translation>
    </message>
    <message>
        <location filename="../../ui/walklist_model.py" line="767" />
        <source>Outcome</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <location filename="../../ui/walklist_model.py" line="790" />
        <source> · not sent</source>
        <translation> · sin enviar</translation>
    </message>
    <message>
        <location filename="../../ui/walklist_model.py" line="805" />
        <source>{done} of 1 door done</source>
        <translation>{done} de 1 puerta hecha</translation>
    </message>
    <message>
        <location filename="../../ui/walklist_model.py" line="806" />
        <source>{done} of {doors} doors done</source>
        <translation>{done} de {doors} puertas hechas</translation>
    </message>
    <message>
        <location filename="../../ui/walklist_model.py" line="825" />
        <source>{name} (new)</source>
        <translation>{name} (persona nueva)</translation>
    </message>
    <message>
        <location filename="../../ui/walklist_model.py" line="828" />
        <source>{name}, added at the door on this laptop</source>
        <translation>{name}, persona añadida en la puerta en este portátil</translation>
    </message>
    <message>
        <location filename="../../ui/walklist_model.py" line="835" />
        <source>Added at the door on this laptop</source>
        <translation>Añadida en la puerta en este portátil</translation>
    </message>
</context>
<context>
    <name>WalklistView</name>
    <message>
        <location filename="../../ui/walklist_view.py" line="47" />
        <source>Walklist</source>
        <translation>Lista de recorrido</translation>
    </message>
    <message>
        <location filename="../../ui/walklist_view.py" line="52" />
        <source>No walklist on this laptop yet.</source>
        <translation>Todavía no hay lista de recorrido en este portátil.</translation>
    </message>
    <message>
        <location filename="../../ui/walklist_view.py" line="55" />
        <source>Walklist name</source>
        <translation>Nombre de la lista</translation>
    </message>
    <message>
        <location filename="../../ui/walklist_view.py" line="59" />
        <source>Search name or address (Ctrl+F)</source>
        <translation>Buscar nombre o dirección (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../ui/walklist_view.py" line="60" />
        <source>Search name or address</source>
        <translation>Buscar nombre o dirección</translation>
    </message>
    <message>
        <location filename="../../ui/walklist_view.py" line="66" />
        <source>Show doors</source>
        <translation>Mostrar puertas</translation>
    </message>
    <message>
        <location filename="../../ui/walklist_view.py" line="67" />
        <source>All doors</source>
        <translation>Todas las puertas</translation>
    </message>
    <message>
        <location filename="../../ui/walklist_view.py" line="68" />
        <source>Not visited</source>
        <translation>Sin visitar</translation>
    </message>
    <message>
        <location filename="../../ui/walklist_view.py" line="69" />
        <source>Come back</source>
        <translation>Volver más tarde</translation>
    </message>
    <message>
        <location filename="../../ui/walklist_view.py" line="70" />
        <source>Nearest next door</source>
        <translation>Puerta más cercana</translation>
    </message>
    <message>
        <location filename="../../ui/walklist_view.py" line="71" />
        <source>Go to the nearest door not visited</source>
        <translation>Ir a la puerta sin visitar más cercana</translation>
    </message>
    <message>
        <location filename="../../ui/walklist_view.py" line="72" />
        <source>Ctrl+N</source>
        <translation>Ctrl+N</translation>
    </message>
    <message>
        <location filename="../../ui/walklist_view.py" line="79" />
        <source>Doors done and remaining</source>
        <translation>Puertas hechas y pendientes</translation>
    </message>
    <message>
        <location filename="../../ui/walklist_view.py" line="83" />
        <source>Doors and people</source>
        <translation>Puertas y personas</translation>
    </message>
    <message>
        <location filename="../../ui/walklist_view.py" line="107" />
        <source>Download walklist</source>
        <translation>Descargar lista de recorrido</translation>
    </message>
    <message>
        <location filename="../../ui/walklist_view.py" line="108" />
        <source>Download the walklist for offline use</source>
        <translation>Descargar la lista para usarla sin conexión</translation>
    </message>
    <message>
        <location filename="../../ui/walklist_view.py" line="109" />
        <source>Ctrl+D</source>
        <translation>Ctrl+D</translation>
    </message>
    <message>
        <location filename="../../ui/walklist_view.py" line="112" />
        <source>Download progress</source>
        <translation>Progreso de la descarga</translation>
    </message>
    <message>
        <location filename="../../ui/walklist_view.py" line="114" />
        <location filename="../../ui/walklist_view.py" line="115" />
        <source>Stop the map download</source>
        <translation>Detener la descarga del mapa</translation>
    </message>
    <message>
        <location filename="../../ui/walklist_view.py" line="232" />
        <source>Downloading… %p%</source>
        <translation>Descargando… %p%</translation>
    </message>
    <message>
        <location filename="../../ui/walklist_view.py" line="277" />
        <source>{done} done, {remaining} to go, of {doors} doors</source>
        <translation>{done} hechas, {remaining} pendientes, de {doors} puertas</translation>
    </message>
    <message>
        <location filename="../../ui/walklist_view.py" line="281" />
        <source> — showing {n}</source>
        <translation> — se muestran {n}</translation>
    </message>
</context>
</TS>