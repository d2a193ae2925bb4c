<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Canvass</source>
        <translation>Acerca de Canvass</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Copiado</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copiar</translation>
    </message>
    <message>
        <source>Copy version and folders</source>
        <translation>Copiar versión y carpetas</translation>
    </message>
    <message>
        <source>Data folder: {path}</source>
        <translation>Carpeta de datos: {path}</translation>
    </message>
    <message>
        <source>Log file: {path}</source>
        <translation>Archivo de registro: {path}</translation>
    </message>
    <message>
        <source>Offline-first door-to-door canvassing for the Polis API. Visits are saved on this computer first and sent when the network allows.</source>
        <translation>Campaña puerta a puerta sin conexión para la API de Polis. Las visitas se guardan primero en este equipo y se envían cuando la red lo permite.</translation>
    </message>
    <message>
        <source>Open data folder</source>
        <translation>Abrir la carpeta de datos</translation>
    </message>
    <message>
        <source>System: {system}</source>
        <translation>Sistema: {system}</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Versión</translation>
    </message>
    <message>
        <source>Version and folders</source>
        <translation>Versión y carpetas</translation>
    </message>
</context>
<context>
    <name>AddPersonDialog</name>
    <message>
        <source>&amp;Email:</source>
        <translation>&amp;Correo:</translation>
    </message>
    <message>
        <source>&amp;First name (required):</source>
        <translation>&amp;Nombre (obligatorio):</translation>
    </message>
    <message>
        <source>&amp;Last name (required):</source>
        <translation>&amp;Apellido (obligatorio):</translation>
    </message>
    <message>
        <source>&amp;Phone:</source>
        <translation>&amp;Teléfono:</translation>
    </message>
    <message>
        <source>Add a person</source>
        <translation>Añadir una persona</translation>
    </message>
    <message>
        <source>Add person</source>
        <translation>Añadir persona</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Correct a person added here</source>
        <translation>Corregir a una persona añadida aquí</translation>
    </message>
    <message>
        <source>Correct the details of this person at {place}. They are sent once.</source>
        <translation>Corrija los datos de esta persona en {place}. Se envían una sola vez.</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Correo electrónico</translation>
    </message>
    <message>
        <source>First name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Kind of phone</source>
        <translation>Tipo de teléfono</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>Apellido</translation>
    </message>
    <message>
        <source>Not asked</source>
        <translation>No se preguntó</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <source>Preferred language</source>
        <translation>Idioma preferido</translation>
    </message>
    <message>
        <source>Prefers lan&amp;guage:</source>
        <translation>&amp;Idioma preferido:</translation>
    </message>
    <message>
        <source>Save changes</source>
        <translation>Guardar cambios</translation>
    </message>
    <message>
        <source>Someone who lives at {place} and is not on the walklist. After adding them, record their visit as for anyone.</source>
        <translation>Alguien que vive en {place} y no está en la lista de recorrido. Después de añadirla, registre su visita como la de cualquiera.</translation>
    </message>
    <message>
        <source>optional, e.g. 617-555-0100</source>
        <translation>opcional, p. ej. 617-555-0100</translation>
    </message>
    <message>
        <source>optional, e.g. ana@example.org</source>
        <translation>opcional, p. ej. ana@example.org</translation>
    </message>
</context>
<context>
    <name>Basemap</name>
    <message>
        <source>Map download stopped: {done} of {total} tiles are kept; the next download goes on from there.</source>
        <translation>Descarga del mapa detenida: se conservan {done} de {total} teselas; la próxima descarga sigue desde ahí.</translation>
    </message>
    <message>
        <source>Map ready offline: {count} tiles, zoom {min_zoom}–{max_zoom} (zoom {wanted} would have needed {wanted_count} tiles, over the limit of {limit}).</source>
        <translation>Mapa listo sin conexión: {count} teselas, zoom {min_zoom}–{max_zoom} (el zoom {wanted} habría necesitado {wanted_count} teselas, más del límite de {limit}).</translation>
    </message>
    <message>
        <source>Map ready offline: {count} tiles, zoom {min_zoom}–{max_zoom}.</source>
        <translation>Mapa listo sin conexión: {count} teselas, zoom {min_zoom}–{max_zoom}.</translation>
    </message>
    <message>
        <source>No map was downloaded: no door of this walklist has a map position.</source>
        <translation>No se descargó ningún mapa: ninguna puerta de esta lista tiene posición en el mapa.</translation>
    </message>
    <message>
        <source>The basemap file {path} cannot be read: {reason}.</source>
        <translation>No se puede leer el archivo de mapa base {path}: {reason}.</translation>
    </message>
    <message>
        <source>The basemap file {path} does not exist.</source>
        <translation>El archivo de mapa base {path} no existe.</translation>
    </message>
    <message>
        <source>The basemap file {path} holds no tiles.</source>
        <translation>El archivo de mapa base {path} no contiene teselas.</translation>
    </message>
    <message>
        <source>The basemap file {path} holds vector tiles, which Canvass cannot draw. Use an MBTiles file of raster tiles (PNG or JPEG).</source>
        <translation>El archivo de mapa base {path} contiene teselas vectoriales, que Canvass no puede dibujar. Use un archivo MBTiles de teselas ráster (PNG o JPEG).</translation>
    </message>
    <message>
        <source>The basemap file {path} is not an MBTiles file (an SQLite file with a tiles table). Export the map again as MBTiles from QGIS or another tile tool.</source>
        <translation>El archivo de mapa base {path} no es un archivo MBTiles (un archivo SQLite con una tabla de teselas). Vuelva a exportar el mapa como MBTiles desde QGIS u otra herramienta de teselas.</translation>
    </message>
    <message>
        <source>The map could not be saved on this laptop: {reason}. The walklist itself is ready.</source>
        <translation>No se pudo guardar el mapa en este portátil: {reason}. La lista de recorrido ya está lista.</translation>
    </message>
    <message>
        <source>The map tile address has a placeholder Canvass does not fill: {placeholder}.</source>
        <translation>La dirección de teselas tiene un marcador que Canvass no rellena: {placeholder}.</translation>
    </message>
    <message>
        <source>The map tile address must contain {{z}}, {{x}} and {{y}} (for example https://tiles.example.org/{{z}}/{{x}}/{{y}}.png).</source>
        <translation>La dirección de teselas debe contener {{z}}, {{x}} y {{y}} (por ejemplo https://tiles.example.org/{{z}}/{{x}}/{{y}}.png).</translation>
    </message>
    <message>
        <source>The map tile address must start with https:// (http:// only for this computer).</source>
        <translation>La dirección de teselas debe empezar por https:// (http:// solo para este equipo).</translation>
    </message>
    <message>
        <source>The public OpenStreetMap tile servers ({host}) do not allow downloading tiles for offline use, so Canvass will not download from them. Use a tile provider whose terms allow offline downloads (with your campaign&apos;s key), your own tile server, or an MBTiles file of the area exported from QGIS, set as the basemap in Settings.</source>
        <translation>Los servidores públicos de teselas de OpenStreetMap ({host}) no permiten descargar teselas para usarlas sin conexión, así que Canvass no descarga de ellos. Use un proveedor de teselas cuyas condiciones permitan descargas sin conexión (con la clave de su campaña), su propio servidor de teselas o un archivo MBTiles de la zona exportado desde QGIS, indicado como mapa base en Ajustes.</translation>
    </message>
    <message>
        <source>The tile server could not be reached; the tiles downloaded so far are kept and the next download goes on from there.</source>
        <translation>No se pudo contactar con el servidor de teselas; las teselas descargadas hasta ahora se conservan y la próxima descarga sigue desde ahí.</translation>
    </message>
    <message>
        <source>The tile server is busy and asked to wait; try the download again later. The tiles downloaded so far are kept.</source>
        <translation>El servidor de teselas está ocupado y pidió esperar; vuelva a intentar la descarga más tarde. Las teselas descargadas hasta ahora se conservan.</translation>
    </message>
    <message>
        <source>The tile server refused the download (it answered {status}). Check the map tile address and its key in Settings; the tiles downloaded so far are kept.</source>
        <translation>El servidor de teselas rechazó la descarga (respondió {status}). Revise la dirección de teselas y su clave en Ajustes; las teselas descargadas hasta ahora se conservan.</translation>
    </message>
    <message>
        <source>The tile server sent something that is not a map image; check the map tile address in Settings. The tiles downloaded so far are kept.</source>
        <translation>El servidor de teselas envió algo que no es una imagen de mapa; revise la dirección de teselas en Ajustes. Las teselas descargadas hasta ahora se conservan.</translation>
    </message>
    <message>
        <source>The walklist&apos;s area is too large to download as a map: it needs {count} tiles even at zoom {zoom}, more than the {limit} allowed. Ask a supervisor for an MBTiles file of the area, or split the walklist.</source>
        <translation>La zona de la lista es demasiado grande para descargarla como mapa: necesita {count} teselas incluso con zoom {zoom}, más de las {limit} permitidas. Pida a un supervisor un archivo MBTiles de la zona o divida la lista.</translation>
    </message>
</context>
<context>
    <name>CanvasserSwitchWidget</name>
    <message>
        <source>Add</source>
        <translation>Añadir</translation>
    </message>
    <message>
        <source>Add canvasser</source>
        <translation>Añadir voluntario</translation>
    </message>
    <message>
        <source>Canvasser on this laptop</source>
        <translation>Voluntario en este portátil</translation>
    </message>
    <message>
        <source>Canvasser:</source>
        <translation>Voluntario:</translation>
    </message>
    <message>
        <source>Current canvasser</source>
        <translation>Voluntario actual</translation>
    </message>
    <message>
        <source>New canvasser&apos;s name</source>
        <translation>Nombre del nuevo voluntario</translation>
    </message>
</context>
<context>
    <name>CertificateError</name>
    <message>
        <source>The certificate of the server {host} has expired, so nothing was sent. Check that this computer&apos;s date and time are right; if they are, the server&apos;s administrator must renew the certificate.</source>
        <translation>El certificado del servidor {host} ha caducado, así que no se envió nada. Compruebe que la fecha y la hora de este equipo son correctas; si lo son, el administrador del servidor debe renovar el certificado.</translation>
    </message>
    <message>
        <source>The certificate of the server {host} is not valid yet, so nothing was sent. Check that this computer&apos;s date and time are right.</source>
        <translation>El certificado del servidor {host} todavía no es válido, así que no se envió nada. Compruebe que la fecha y la hora de este equipo son correctas.</translation>
    </message>
    <message>
        <source>The server {host} showed a certificate made out to another name, so nothing was sent. Check the API address in Settings; if it is right, tell your supervisor: someone may be intercepting the connection.</source>
        <translation>El servidor {host} presentó un certificado emitido a otro nombre, así que no se envió nada. Revise la dirección de la API en Ajustes; si es correcta, avise a su supervisor: alguien podría estar interceptando la conexión.</translation>
    </message>
    <message>
        <source>The server {host} showed a certificate that this computer does not trust, so nothing was sent. If your organisation uses its own certificate authority, choose its certificate file in Settings (Trusted certificate authority). Otherwise tell your supervisor: someone may be intercepting the connection.</source>
        <translation>El servidor {host} presentó un certificado en el que este equipo no confía, así que no se envió nada. Si su organización usa su propia autoridad de certificación, elija su archivo de certificado en Ajustes (Autoridad de certificación de confianza). Si no, avise a su supervisor: alguien podría estar interceptando la conexión.</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>Another error followed ({n} in all):</source>
        <translation>Siguió otro error ({n} en total):</translation>
    </message>
    <message>
        <source>Canvass hit a problem</source>
        <translation>Canvass tuvo un problema</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Copiado</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>Copiar detalles</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Error details</source>
        <translation>Detalles del error</translation>
    </message>
    <message>
        <source>Keep working</source>
        <translation>Seguir trabajando</translation>
    </message>
    <message>
        <source>Log file</source>
        <translation>Archivo de registro</translation>
    </message>
    <message>
        <source>Log file: {path}</source>
        <translation>Archivo de registro: {path}</translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation>Abrir la carpeta del registro</translation>
    </message>
    <message>
        <source>Quit Canvass</source>
        <translation>Salir de Canvass</translation>
    </message>
    <message>
        <source>Something went wrong that Canvass did not expect.
Visits you already saved are safe in the outbox: nothing was changed or deleted. You can keep working, or quit and start Canvass again.
If it happens again, copy the details below and send them with the log file to your supervisor.</source>
        <translation>Ocurrió algo que Canvass no esperaba.
Las visitas que ya guardó están a salvo en la bandeja de salida: no se cambió ni se borró nada. Puede seguir trabajando, o salir y volver a abrir Canvass.
Si vuelve a pasar, copie los detalles de abajo y envíelos con el archivo de registro a su supervisor.</translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation>Error inesperado</translation>
    </message>
</context>
<context>
    <name>DataFolder</name>
    <message>
        <source>Canvass is already open with the data folder {folder} (process {pid}). Close that window, or wait for its sync to finish, then try again.</source>
        <translation>Canvass ya está abierto con la carpeta de datos {folder} (proceso {pid}). Cierre esa ventana o espere a que termine su sincronización, y vuelva a intentarlo.</translation>
    </message>
    <message>
        <source>Canvass is already open with the data folder {folder}. Close that window, or wait for its sync to finish, then try again.</source>
        <translation>Canvass ya está abierto con la carpeta de datos {folder}. Cierre esa ventana o espere a que termine su sincronización, y vuelva a intentarlo.</translation>
    </message>
</context>
<context>
    <name>DoorMark</name>
    <message>
        <source>Appointment</source>
        <translation>Cita</translation>
    </message>
    <message>
        <source>Come Back</source>
        <translation>Volver más tarde</translation>
    </message>
    <message>
        <source>Do Not Knock</source>
        <translation>No tocar</translation>
    </message>
    <message>
        <source>High Priority</source>
        <translation>Prioridad alta</translation>
    </message>
    <message>
        <source>Not Home</source>
        <translation>No está en casa</translation>
    </message>
    <message>
        <source>Not visited</source>
        <translation>Sin visitar</translation>
    </message>
    <message>
        <source>Successful</source>
        <translation>Con éxito</translation>
    </message>
    <message>
        <source>Talked, not successful</source>
        <translation>Habló, sin éxito</translation>
    </message>
    <message>
        <source>Unavailable</source>
        <translation>No disponible</translation>
    </message>
</context>
<context>
    <name>DoorSession</name>
    <message>
        <source>; skipped {count} (Do Not Knock)</source>
        <translation>; omitidas {count} (No tocar)</translation>
    </message>
    <message>
        <source>; skipped {count} (already done)</source>
        <translation>; omitidas {count} (ya hechas)</translation>
    </message>
    <message>
        <source>; skipped {count} ({dnk} Do Not Knock, {done} already done)</source>
        <translation>; omitidas {count} ({dnk} No tocar, {done} ya hechas)</translation>
    </message>
    <message>
        <source>Added {name} at {place}. Record their visit now: an outcome key (1–7), or Ctrl+E for the survey.</source>
        <translation>Se añadió a {name} en {place}. Registre su visita ahora: una tecla de resultado (1–7) o Ctrl+E para la encuesta.</translation>
    </message>
    <message>
        <source>Already saved a moment ago; not saved twice. Ctrl+Z undoes it.</source>
        <translation>Ya se guardó hace un momento; no se guarda dos veces. Ctrl+Z lo deshace.</translation>
    </message>
    <message>
        <source>Changes saved for {name}.</source>
        <translation>Cambios guardados para {name}.</translation>
    </message>
    <message>
        <source>Corrected {name}; the server will get the corrected details.</source>
        <translation>Se corrigió a {name}; el servidor recibirá los datos corregidos.</translation>
    </message>
    <message>
        <source>Deleted the visit to {name}.</source>
        <translation>Se borró la visita a {name}.</translation>
    </message>
    <message>
        <source>Download a walklist first (Ctrl+D).</source>
        <translation>Primero descargue una lista de recorrido (Ctrl+D).</translation>
    </message>
    <message>
        <source>Editing the visit to {name}: change the answers, then save.</source>
        <translation>Editando la visita a {name}: cambie las respuestas y guarde.</translation>
    </message>
    <message>
        <source>Left the changes to {name}&apos;s visit; nothing was changed.</source>
        <translation>Salió de los cambios a la visita de {name}; no se cambió nada.</translation>
    </message>
    <message>
        <source>Left the survey for {name}; nothing was saved.</source>
        <translation>Salió de la encuesta de {name}; no se guardó nada.</translation>
    </message>
    <message>
        <source>Nearest door needs a usable GPS position ({reason}). Ctrl+Down goes in walk order.</source>
        <translation>La puerta más cercana necesita una posición GPS utilizable ({reason}). Ctrl+Abajo sigue el orden del recorrido.</translation>
    </message>
    <message>
        <source>Next: {name}, {address}.</source>
        <translation>Siguiente: {name}, {address}.</translation>
    </message>
    <message>
        <source>No door left to knock that has a map position.</source>
        <translation>No queda ninguna puerta por visitar con posición en el mapa.</translation>
    </message>
    <message>
        <source>No walklist on this laptop yet. Download it while online (Ctrl+D).</source>
        <translation>Aún no hay ninguna lista de recorrido en este portátil. Descárguela con conexión (Ctrl+D).</translation>
    </message>
    <message>
        <source>Nobody left to knock on this walklist.</source>
        <translation>No queda nadie por visitar en esta lista.</translation>
    </message>
    <message>
        <source>Not done: {reason}</source>
        <translation>No se hizo: {reason}</translation>
    </message>
    <message>
        <source>Nothing saved: nobody here still needs a knock{skipped}.</source>
        <translation>No se guardó nada: aquí no queda nadie por visitar{skipped}.</translation>
    </message>
    <message>
        <source>Nothing to undo: no visit of yours in the last 10 minutes.</source>
        <translation>Nada que deshacer: no hay visitas suyas en los últimos 10 minutos.</translation>
    </message>
    <message>
        <source>Pick a door or a person first.</source>
        <translation>Elija primero una puerta o una persona.</translation>
    </message>
    <message>
        <source>Pick one person to start the survey.</source>
        <translation>Elija una sola persona para empezar la encuesta.</translation>
    </message>
    <message>
        <source>Pick the door the new person lives at first (one household).</source>
        <translation>Elija primero la puerta donde vive la persona nueva (un solo hogar).</translation>
    </message>
    <message>
        <source>Pick the person to correct first.</source>
        <translation>Elija primero a la persona que quiere corregir.</translation>
    </message>
    <message>
        <source>Saved the survey for {name}. Ctrl+Z undoes it.</source>
        <translation>Encuesta guardada para {name}. Ctrl+Z la deshace.</translation>
    </message>
    <message>
        <source>Saved the survey for {name}. Ctrl+Z undoes it; Ctrl+Down goes to the next door.</source>
        <translation>Encuesta guardada para {name}. Ctrl+Z la deshace; Ctrl+Abajo va a la siguiente puerta.</translation>
    </message>
    <message>
        <source>Saved your changes to the visit of {name}; they will be sent.</source>
        <translation>Cambios guardados en la visita a {name}; se enviarán.</translation>
    </message>
    <message>
        <source>Saved {outcome} for {name} at a Do-Not-Knock door (marked so for the supervisor). Ctrl+Z undoes it.</source>
        <translation>Guardado «{outcome}» para {name} en una puerta de No tocar (marcada así para el supervisor). Ctrl+Z lo deshace.</translation>
    </message>
    <message>
        <source>Saved {outcome} for {name}. Ctrl+Z undoes it.</source>
        <translation>Guardado «{outcome}» para {name}. Ctrl+Z lo deshace.</translation>
    </message>
    <message>
        <source>Sending is not set up on this window.</source>
        <translation>El envío no está configurado en esta ventana.</translation>
    </message>
    <message>
        <source>Sending waiting visits…</source>
        <translation>Enviando las visitas pendientes…</translation>
    </message>
    <message>
        <source>The survey cannot be used; record the door with keys 1–7.</source>
        <translation>La encuesta no se puede usar; registre la puerta con las teclas 1–7.</translation>
    </message>
    <message>
        <source>This visit&apos;s survey is not on this laptop; it cannot be re-opened.</source>
        <translation>La encuesta de esta visita no está en este portátil; no se puede reabrir.</translation>
    </message>
    <message>
        <source>Undid the visit to {name} ({outcome}).</source>
        <translation>Se deshizo la visita a {name} ({outcome}).</translation>
    </message>
    <message>
        <source>Undid the whole press: {count} visits ({outcome}).</source>
        <translation>Se deshizo toda la pulsación: {count} visitas ({outcome}).</translation>
    </message>
    <message>
        <source>Visits are now recorded for {name}.</source>
        <translation>Ahora las visitas se registran para {name}.</translation>
    </message>
    <message>
        <source>no position yet</source>
        <translation>aún no hay posición</translation>
    </message>
    <message>
        <source>{name} came with the walklist; only people added on this laptop can be corrected here.</source>
        <translation>{name} vino con la lista de recorrido; aquí solo se corrigen personas añadidas en este portátil.</translation>
    </message>
    <message>
        <source>{name}: this door asked not to be visited (Do Not Knock). Nothing was saved.</source>
        <translation>{name}: en esta puerta pidieron no recibir visitas (No tocar). No se guardó nada.</translation>
    </message>
    <message>
        <source>{outcome} for {count}{skipped}. One Ctrl+Z undoes the whole press.</source>
        <translation>«{outcome}» para {count}{skipped}. Un solo Ctrl+Z deshace toda la pulsación.</translation>
    </message>
    <message>
        <source>{saved} Next: {name}, {address}.</source>
        <translation>{saved} Siguiente: {name}, {address}.</translation>
    </message>
</context>
<context>
    <name>DoorView</name>
    <message>
        <source> · added at the door on this laptop (F2 corrects)</source>
        <translation> · añadida en la puerta en este portátil (F2 corrige)</translation>
    </message>
    <message>
        <source>, unit {unit}</source>
        <translation>, unidad {unit}</translation>
    </message>
    <message>
        <source>A one-tap outcome records one visit for each of them.</source>
        <translation>Un resultado rápido registra una visita para cada una.</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Dirección</translation>
    </message>
    <message>
        <source>Do Not Knock</source>
        <translation>No tocar</translation>
    </message>
    <message>
        <source>Do Not Knock: this door asked not to be visited. Walk on.</source>
        <translation>No tocar: en esta puerta pidieron no recibir visitas. Siga adelante.</translation>
    </message>
    <message>
        <source>Door</source>
        <translation>Puerta</translation>
    </message>
    <message>
        <source>No door picked</source>
        <translation>Ninguna puerta elegida</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Persona</translation>
    </message>
    <message>
        <source>Pick a person in the walklist (arrows, then Enter).</source>
        <translation>Elija a una persona en la lista de recorrido (flechas y luego Intro).</translation>
    </message>
    <message>
        <source>Survey to use</source>
        <translation>Encuesta que se usará</translation>
    </message>
    <message>
        <source>Survey:</source>
        <translation>Encuesta:</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Aviso</translation>
    </message>
    <message>
        <source>{people} people at {doors} doors selected</source>
        <translation>{people} personas en {doors} puertas seleccionadas</translation>
    </message>
</context>
<context>
    <name>Download</name>
    <message>
        <source>No campaign on the server uses the walklist {list_id}; check its id.</source>
        <translation>Ninguna campaña del servidor usa la lista de recorrido {list_id}; revise su identificador.</translation>
    </message>
</context>
<context>
    <name>Export</name>
    <message>
        <source>Cannot export to {path}: the folder {folder} does not exist.</source>
        <translation>No se puede exportar a {path}: la carpeta {folder} no existe.</translation>
    </message>
    <message>
        <source>Cannot write the export {path}: {reason}.</source>
        <translation>No se puede escribir la exportación {path}: {reason}.</translation>
    </message>
    <message>
        <source>Could not write {path}: {reason}.</source>
        <translation>No se pudo escribir {path}: {reason}.</translation>
    </message>
</context>
<context>
    <name>GpsGrade</name>
    <message>
        <source>100–300 m</source>
        <translation>100–300 m</translation>
    </message>
    <message>
        <source>No GPS captured</source>
        <translation>Sin GPS</translation>
    </message>
    <message>
        <source>Over 300 m</source>
        <translation>Más de 300 m</translation>
    </message>
    <message>
        <source>Under 100 m</source>
        <translation>Menos de 100 m</translation>
    </message>
</context>
<context>
    <name>History</name>
    <message>
        <source>%n visit recorded more than 300 m from the door</source>
        <translation>%n visita registrada a más de 300 m de la puerta</translation>
    </message>
    <message>
        <source>%n visits recorded more than 300 m from the door</source>
        <translation>%n visitas registradas a más de 300 m de la puerta</translation>
    </message>
    <message>
        <source>(no walklist)</source>
        <translation>(sin lista de recorrido)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(ninguno)</translation>
    </message>
    <message>
        <source>(shown, not answered)</source>
        <translation>(mostrada, sin respuesta)</translation>
    </message>
    <message>
        <source>contact rate {rate} over {doors} doors is unusually high</source>
        <translation>una tasa de contacto del {rate} en {doors} puertas es inusualmente alta</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <source>no answers</source>
        <translation>sin respuestas</translation>
    </message>
    <message>
        <source>no visit with local id {local_id} is on this device</source>
        <translation>en este equipo no hay ninguna visita con el identificador local {local_id}</translation>
    </message>
    <message>
        <source>nobody is signed in; pick who you are first</source>
        <translation>no hay nadie identificado; elija primero quién es usted</translation>
    </message>
    <message>
        <source>only the supervisor may see {other}&apos;s visits; you are {canvasser}</source>
        <translation>solo el supervisor puede ver las visitas de {other}; usted es {canvasser}</translation>
    </message>
    <message>
        <source>question {question_id}</source>
        <translation>pregunta {question_id}</translation>
    </message>
    <message>
        <source>shown, not answered</source>
        <translation>mostrada, sin respuesta</translation>
    </message>
    <message>
        <source>the date is empty; give one like 2026-11-27</source>
        <translation>la fecha está vacía; escriba una como 2026-11-27</translation>
    </message>
    <message>
        <source>the end of the period must be later than its start</source>
        <translation>el final del periodo debe ser posterior a su inicio</translation>
    </message>
    <message>
        <source>this visit was recorded by someone else; ask the supervisor</source>
        <translation>esta visita la registró otra persona; pregunte al supervisor</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>sí</translation>
    </message>
    <message>
        <source>{address}, unit {unit}</source>
        <translation>{address}, unidad {unit}</translation>
    </message>
    <message>
        <source>{count} doors knocked under {seconds} s after the previous one</source>
        <translation>{count} puertas visitadas menos de {seconds} s después de la anterior</translation>
    </message>
    <message>
        <source>{grade} is not a GPS grade ({known})</source>
        <translation>{grade} no es una calidad de GPS ({known})</translation>
    </message>
    <message>
        <source>{no_fix} of {doors} visits ({share}) have no GPS fix</source>
        <translation>{no_fix} de {doors} visitas ({share}) no tienen posición GPS</translation>
    </message>
    <message>
        <source>{state} is not a sync state ({known})</source>
        <translation>{state} no es un estado de envío ({known})</translation>
    </message>
    <message>
        <source>{tag} (question not in the survey)</source>
        <translation>{tag} (pregunta que no está en la encuesta)</translation>
    </message>
    <message>
        <source>{tag}: {answer}</source>
        <translation>{tag}: {answer}</translation>
    </message>
    <message>
        <source>{text} is not a date or time; write it like 2026-11-27 or 2026-11-27T08:00:00Z</source>
        <translation>{text} no es una fecha ni una hora; escríbala como 2026-11-27 o 2026-11-27T08:00:00Z</translation>
    </message>
    <message>
        <source>{value} of {count}</source>
        <translation>{value} de {count}</translation>
    </message>
    <message>
        <source>{value} of {count} ({words})</source>
        <translation>{value} de {count} ({words})</translation>
    </message>
</context>
<context>
    <name>HistoryTableModel</name>
    <message>
        <source>Added at the door on this laptop</source>
        <translation>Añadida en la puerta en este portátil</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Dirección</translation>
    </message>
    <message>
        <source>Canvasser</source>
        <translation>Voluntario</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Contacto</translation>
    </message>
    <message>
        <source>Distance / GPS</source>
        <translation>Distancia / GPS</translation>
    </message>
    <message>
        <source>Knocked</source>
        <translation>Visitada</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Enviada</translation>
    </message>
    <message>
        <source>Survey</source>
        <translation>Encuesta</translation>
    </message>
    <message>
        <source>Sync state</source>
        <translation>Estado de envío</translation>
    </message>
    <message>
        <source>The canvasser recorded this visit at a door marked Do Not Knock, on purpose (they confirmed it).</source>
        <translation>El voluntario registró esta visita en una puerta marcada No tocar, a propósito (lo confirmó).</translation>
    </message>
    <message>
        <source>Walklist</source>
        <translation>Lista</translation>
    </message>
    <message>
        <source>not yet</source>
        <translation>todavía no</translation>
    </message>
    <message>
        <source>{name} (new)</source>
        <translation>{name} (persona nueva)</translation>
    </message>
    <message>
        <source>{outcome} ⚠ at a Do-Not-Knock door</source>
        <translation>{outcome} ⚠ en una puerta de No tocar</translation>
    </message>
    <message>
        <source>{shape} no GPS</source>
        <translation>{shape} sin GPS</translation>
    </message>
    <message>
        <source>{state} (voided)</source>
        <translation>{state} (anulada)</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <source>1 visit</source>
        <translation>1 visita</translation>
    </message>
    <message>
        <source>All canvassers</source>
        <translation>Todos los voluntarios</translation>
    </message>
    <message>
        <source>All outcomes</source>
        <translation>Todos los resultados</translation>
    </message>
    <message>
        <source>All walklists</source>
        <translation>Todas las listas</translation>
    </message>
    <message>
        <source>Any GPS grade</source>
        <translation>Cualquier calidad de GPS</translation>
    </message>
    <message>
        <source>Any sync state</source>
        <translation>Cualquier estado de envío</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>CSV for Excel, with a byte order mark (*.csv)</source>
        <translation>CSV para Excel, con marca de orden de bytes (*.csv)</translation>
    </message>
    <message>
        <source>Canvasser filter</source>
        <translation>Filtro de voluntario</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>La exportación falló</translation>
    </message>
    <message>
        <source>Export shown visits</source>
        <translation>Exportar las visitas mostradas</translation>
    </message>
    <message>
        <source>Export shown visits…</source>
        <translation>Exportar las visitas mostradas…</translation>
    </message>
    <message>
        <source>Export unsent queue</source>
        <translation>Exportar la cola sin enviar</translation>
    </message>
    <message>
        <source>Export unsent queue…</source>
        <translation>Exportar la cola sin enviar…</translation>
    </message>
    <message>
        <source>Exported</source>
        <translation>Exportado</translation>
    </message>
    <message>
        <source>Filter problem</source>
        <translation>Problema con el filtro</translation>
    </message>
    <message>
        <source>GPS grade filter</source>
        <translation>Filtro de calidad de GPS</translation>
    </message>
    <message>
        <source>GeoJSON (*.geojson)</source>
        <translation>GeoJSON (*.geojson)</translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation>La importación falló</translation>
    </message>
    <message>
        <source>Import queue</source>
        <translation>Importar cola</translation>
    </message>
    <message>
        <source>Import queue…</source>
        <translation>Importar cola…</translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl)</source>
        <translation>JSON Lines (*.jsonl)</translation>
    </message>
    <message>
        <source>Knocked</source>
        <translation>Visitada</translation>
    </message>
    <message>
        <source>Knocked from date</source>
        <translation>Visitas desde la fecha</translation>
    </message>
    <message>
        <source>Knocked until date</source>
        <translation>Visitas hasta la fecha</translation>
    </message>
    <message>
        <source>Ledger table</source>
        <translation>Tabla del registro</translation>
    </message>
    <message>
        <source>Not sent yet (all but sent)</source>
        <translation>Aún sin enviar (todas menos las enviadas)</translation>
    </message>
    <message>
        <source>Number of visits shown</source>
        <translation>Número de visitas mostradas</translation>
    </message>
    <message>
        <source>Only people added here</source>
        <translation>Solo personas añadidas aquí</translation>
    </message>
    <message>
        <source>Only the supervisor sees everyone&apos;s visits</source>
        <translation>Solo el supervisor ve las visitas de todos</translation>
    </message>
    <message>
        <source>Only visits to people added at the door on this laptop</source>
        <translation>Solo visitas a personas añadidas en la puerta en este portátil</translation>
    </message>
    <message>
        <source>Only visits to people added on this laptop</source>
        <translation>Solo visitas a personas añadidas en este portátil</translation>
    </message>
    <message>
        <source>Open visit…</source>
        <translation>Abrir visita…</translation>
    </message>
    <message>
        <source>Outcome filter</source>
        <translation>Filtro de resultado</translation>
    </message>
    <message>
        <source>Queue exported</source>
        <translation>Cola exportada</translation>
    </message>
    <message>
        <source>Queue imported</source>
        <translation>Cola importada</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Buscar</translation>
    </message>
    <message>
        <source>Search names, addresses, notes, answers</source>
        <translation>Buscar nombres, direcciones, notas, respuestas</translation>
    </message>
    <message>
        <source>Show voided</source>
        <translation>Mostrar anuladas</translation>
    </message>
    <message>
        <source>Show voided visits</source>
        <translation>Mostrar las visitas anuladas</translation>
    </message>
    <message>
        <source>Sync state filter</source>
        <translation>Filtro de estado de envío</translation>
    </message>
    <message>
        <source>Visit history</source>
        <translation>Historial de visitas</translation>
    </message>
    <message>
        <source>Walklist filter</source>
        <translation>Filtro de lista</translation>
    </message>
    <message>
        <source>from (YYYY-MM-DD)</source>
        <translation>desde (AAAA-MM-DD)</translation>
    </message>
    <message>
        <source>to (YYYY-MM-DD)</source>
        <translation>hasta (AAAA-MM-DD)</translation>
    </message>
    <message>
        <source>{imported} visits queued, {skipped} already on this laptop skipped.</source>
        <translation>{imported} visitas en cola; se omitieron {skipped} que ya estaban en este portátil.</translation>
    </message>
    <message>
        <source>{n} unsent visits written to {path}. Import this file on the other laptop; visits it already has are skipped.</source>
        <translation>{n} visitas sin enviar escritas en {path}. Importe este archivo en el otro portátil; las visitas que ya tenga se omiten.</translation>
    </message>
    <message>
        <source>{n} visits</source>
        <translation>{n} visitas</translation>
    </message>
    <message>
        <source>{n} visits written to {path}</source>
        <translation>{n} visitas escritas en {path}</translation>
    </message>
</context>
<context>
    <name>HouseholdHistoryDialog</name>
    <message>
        <source>: kept on this laptop; your supervisor will look at it</source>
        <translation>: se guarda en este portátil; su supervisor la revisará</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Por</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>Close the history</source>
        <translation>Cerrar el historial</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>Delete key</source>
        <translation>Tecla Supr</translation>
    </message>
    <message>
        <source>Delete the selected visit</source>
        <translation>Borrar la visita seleccionada</translation>
    </message>
    <message>
        <source>Delete the visit to {name} knocked at {time}? It stays in the ledger as deleted, and the server copy (if sent) is removed.</source>
        <translation>¿Borrar la visita a {name} del {time}? Queda en el registro como borrada y la copia del servidor (si se envió) se elimina.</translation>
    </message>
    <message>
        <source>Delete this visit?</source>
        <translation>¿Borrar esta visita?</translation>
    </message>
    <message>
        <source>Delete visit…</source>
        <translation>Borrar visita…</translation>
    </message>
    <message>
        <source>Edit answers…</source>
        <translation>Editar respuestas…</translation>
    </message>
    <message>
        <source>Edit the selected visit&apos;s answers</source>
        <translation>Editar las respuestas de la visita seleccionada</translation>
    </message>
    <message>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message>
        <source>Every visit to this door from this laptop. Edit or delete a mistake here; the change is sent like a new visit.</source>
        <translation>Todas las visitas a esta puerta desde este portátil. Corrija o borre un error aquí; el cambio se envía como una visita nueva.</translation>
    </message>
    <message>
        <source>History — {address}</source>
        <translation>Historial — {address}</translation>
    </message>
    <message>
        <source>Household history</source>
        <translation>Historial del hogar</translation>
    </message>
    <message>
        <source>Knocked at</source>
        <translation>Tocó a las</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mensaje</translation>
    </message>
    <message>
        <source>No visit to this door from this laptop yet.</source>
        <translation>Todavía no hay visitas a esta puerta desde este portátil.</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Persona</translation>
    </message>
    <message>
        <source>Sent at</source>
        <translation>Enviada a las</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Visits to this household</source>
        <translation>Visitas a este hogar</translation>
    </message>
    <message>
        <source>checking with the server</source>
        <translation>comprobando con el servidor</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>borrada</translation>
    </message>
    <message>
        <source>needs attention</source>
        <translation>necesita atención</translation>
    </message>
    <message>
        <source>not sent yet</source>
        <translation>aún no enviada</translation>
    </message>
    <message>
        <source>rejected by the server</source>
        <translation>rechazada por el servidor</translation>
    </message>
    <message>
        <source>sending</source>
        <translation>enviando</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>enviada</translation>
    </message>
    <message>
        <source>waiting to send</source>
        <translation>esperando envío</translation>
    </message>
    <message>
        <source>will retry</source>
        <translation>se reintentará</translation>
    </message>
</context>
<context>
    <name>Import</name>
    <message>
        <source>&quot;data&quot; must be an object of interaction fields</source>
        <translation>&quot;data&quot; debe ser un objeto con campos de interacción</translation>
    </message>
    <message>
        <source>%n visit</source>
        <translation>%n visita</translation>
    </message>
    <message>
        <source>%n visits</source>
        <translation>%n visitas</translation>
    </message>
    <message>
        <source>Could not read {path}: {reason}.</source>
        <translation>No se pudo leer {path}: {reason}.</translation>
    </message>
    <message>
        <source>Imported {imported}; skipped {skipped} already here.</source>
        <translation>Importadas: {imported}; omitidas {skipped} que ya estaban aquí.</translation>
    </message>
    <message>
        <source>Queued %n visit.</source>
        <translation>Se puso en cola %n visita.</translation>
    </message>
    <message>
        <source>Queued %n visits.</source>
        <translation>Se pusieron en cola %n visitas.</translation>
    </message>
    <message>
        <source>a whole interaction document (it has {keys}): it is already on the server, so importing it would send it twice. Import only visits the server does not have</source>
        <translation>un documento de interacción completo (tiene {keys}): ya está en el servidor, así que importarlo lo enviaría dos veces. Importe solo visitas que el servidor no tenga</translation>
    </message>
    <message>
        <source>has an unknown kind or state</source>
        <translation>tiene un tipo o un estado desconocido</translation>
    </message>
    <message>
        <source>has {keys} beside &quot;data&quot;: give either the interaction&apos;s fields at the top level or {{&quot;data&quot;: {{...}}}} alone</source>
        <translation>tiene {keys} junto a &quot;data&quot;: dé los campos de la interacción en el nivel superior o solo {{&quot;data&quot;: {{...}}}}</translation>
    </message>
    <message>
        <source>lacks its idempotency key</source>
        <translation>le falta su clave de idempotencia</translation>
    </message>
    <message>
        <source>line {line}: {reason}</source>
        <translation>línea {line}: {reason}</translation>
    </message>
    <message>
        <source>longer than {limit} bytes, far more than any visit; is this the right file?</source>
        <translation>ocupa más de {limit} bytes, mucho más que cualquier visita; ¿es el archivo correcto?</translation>
    </message>
    <message>
        <source>must be an object</source>
        <translation>debe ser un objeto</translation>
    </message>
    <message>
        <source>needs a visit object and a list of operations</source>
        <translation>necesita un objeto de visita y una lista de operaciones</translation>
    </message>
    <message>
        <source>neither an interaction (campaignId, contactId, … at the top level) nor {{&quot;data&quot;: {{...}}}}</source>
        <translation>no es una interacción (campaignId, contactId, … en el nivel superior) ni {{&quot;data&quot;: {{...}}}}</translation>
    </message>
    <message>
        <source>nested more than {limit} levels deep{where}; a visit is never that deep</source>
        <translation>anidado a más de {limit} niveles{where}; una visita nunca tiene tanta profundidad</translation>
    </message>
    <message>
        <source>not JSON ({detail} at column {column})</source>
        <translation>no es JSON ({detail} en la columna {column})</translation>
    </message>
    <message>
        <source>not JSON: {constant} is not a number JSON allows</source>
        <translation>no es JSON: {constant} no es un número que JSON admita</translation>
    </message>
    <message>
        <source>not UTF-8 text (byte {byte} at position {position}); save the file as UTF-8 and import it again</source>
        <translation>no es texto UTF-8 (byte {byte} en la posición {position}); guarde el archivo como UTF-8 y vuelva a importarlo</translation>
    </message>
    <message>
        <source>not a Canvass outbox entry (expected format {format})</source>
        <translation>no es una entrada de la cola de Canvass (se esperaba el formato {format})</translation>
    </message>
    <message>
        <source>not a visit: a line must be one JSON object (an interaction&apos;s data)</source>
        <translation>no es una visita: cada línea debe ser un objeto JSON (los datos de una interacción)</translation>
    </message>
    <message>
        <source>ops[{index}] {problem}</source>
        <translation>ops[{index}] {problem}</translation>
    </message>
    <message>
        <source>the person added at the door it carries is not complete (row and requests)</source>
        <translation>la persona añadida en la puerta que lleva no está completa (fila y solicitudes)</translation>
    </message>
    <message>
        <source>the visit is to a person added at the door on the other laptop, who is not in the file</source>
        <translation>la visita es a una persona añadida en la puerta en el otro portátil, que no está en el archivo</translation>
    </message>
    <message>
        <source>the visit lacks {fields}</source>
        <translation>a la visita le falta {fields}</translation>
    </message>
    <message>
        <source>{field} is {length} characters long; a field may hold at most {limit}</source>
        <translation>{field} tiene {length} caracteres; un campo admite como máximo {limit}</translation>
    </message>
    <message>
        <source>{field}: {problem}</source>
        <translation>{field}: {problem}</translation>
    </message>
    <message>
        <source>{path}: %n problem; nothing was queued.</source>
        <translation>{path}: %n problema; no se puso nada en cola.</translation>
    </message>
    <message>
        <source>{path}: %n problems; nothing was queued.</source>
        <translation>{path}: %n problemas; no se puso nada en cola.</translation>
    </message>
    <message>
        <source>{queued} Skipped %n visit already on this laptop (same contact, knock time and campaign).</source>
        <translation>{queued} Se omitió %n visita que ya estaba en este portátil (mismo contacto, hora de visita y campaña).</translation>
    </message>
    <message>
        <source>{queued} Skipped %n visits already on this laptop (same contact, knock time and campaign).</source>
        <translation>{queued} Se omitieron %n visitas que ya estaban en este portátil (mismo contacto, hora de visita y campaña).</translation>
    </message>
    <message>
        <source>… and %n more.</source>
        <translation>… y %n más.</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <source>Amharic</source>
        <translation>Amárico</translation>
    </message>
    <message>
        <source>Arabic</source>
        <translation>Árabe</translation>
    </message>
    <message>
        <source>Bengali</source>
        <translation>Bengalí</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>Chino</translation>
    </message>
    <message>
        <source>English</source>
        <translation>Inglés</translation>
    </message>
    <message>
        <source>French</source>
        <translation>Francés</translation>
    </message>
    <message>
        <source>German</source>
        <translation>Alemán</translation>
    </message>
    <message>
        <source>Greek</source>
        <translation>Griego</translation>
    </message>
    <message>
        <source>Haitian Creole</source>
        <translation>Criollo haitiano</translation>
    </message>
    <message>
        <source>Hindi</source>
        <translation>Hindi</translation>
    </message>
    <message>
        <source>Italian</source>
        <translation>Italiano</translation>
    </message>
    <message>
        <source>Japanese</source>
        <translation>Japonés</translation>
    </message>
    <message>
        <source>Khmer</source>
        <translation>Jemer</translation>
    </message>
    <message>
        <source>Korean</source>
        <translation>Coreano</translation>
    </message>
    <message>
        <source>Persian</source>
        <translation>Persa</translation>
    </message>
    <message>
        <source>Polish</source>
        <translation>Polaco</translation>
    </message>
    <message>
        <source>Portuguese</source>
        <translation>Portugués</translation>
    </message>
    <message>
        <source>Russian</source>
        <translation>Ruso</translation>
    </message>
    <message>
        <source>Somali</source>
        <translation>Somalí</translation>
    </message>
    <message>
        <source>Spanish</source>
        <translation>Español</translation>
    </message>
    <message>
        <source>Tagalog</source>
        <translation>Tagalo</translation>
    </message>
    <message>
        <source>Ukrainian</source>
        <translation>Ucraniano</translation>
    </message>
    <message>
        <source>Urdu</source>
        <translation>Urdu</translation>
    </message>
    <message>
        <source>Vietnamese</source>
        <translation>Vietnamita</translation>
    </message>
</context>
<context>
    <name>Location</name>
    <message>
        <source>Cannot reach gpsd at {address}: nothing answers there. Is gpsd running, and is the address right (Settings → Location)? Trying again in {seconds} s.</source>
        <translation>No se puede contactar con gpsd en {address}: nada responde allí. ¿Está gpsd en marcha y es correcta la dirección (Ajustes → Ubicación)? Se volverá a intentar en {seconds} s.</translation>
    </message>
    <message>
        <source>Canvass is not allowed to use this computer&apos;s location. Allow it in the system privacy settings, or type your position.</source>
        <translation>Canvass no tiene permiso para usar la ubicación de este equipo. Permítalo en los ajustes de privacidad del sistema, o escriba su posición.</translation>
    </message>
    <message>
        <source>Location is off: visits are saved without a position (Settings → Location).</source>
        <translation>La ubicación está desactivada: las visitas se guardan sin posición (Ajustes → Ubicación).</translation>
    </message>
    <message>
        <source>No position typed yet.</source>
        <translation>Aún no se ha escrito ninguna posición.</translation>
    </message>
    <message>
        <source>Not used: the fix does not say how accurate it is.</source>
        <translation>No se usa: la posición no indica su precisión.</translation>
    </message>
    <message>
        <source>Not used: the fix is not a real position.</source>
        <translation>No se usa: la posición no es real.</translation>
    </message>
    <message>
        <source>Not used: the fix is stamped ahead of this computer&apos;s clock.</source>
        <translation>No se usa: la posición tiene una hora posterior al reloj de este equipo.</translation>
    </message>
    <message>
        <source>Not used: the fix is ±{accuracy} m, worse than the {limit} m allowed.</source>
        <translation>No se usa: la posición es de ±{accuracy} m, peor que los {limit} m permitidos.</translation>
    </message>
    <message>
        <source>Not used: the last fix is {age} s old (a fix is used for {limit} s).</source>
        <translation>No se usa: la última posición tiene {age} s (una posición sirve {limit} s).</translation>
    </message>
    <message>
        <source>Serial GPS receivers are not supported by this installation (QtSerialPort is missing). Use the system location or an NMEA log.</source>
        <translation>Esta instalación no admite receptores GPS serie (falta QtSerialPort). Use la ubicación del sistema o un registro NMEA.</translation>
    </message>
    <message>
        <source>The GPS has no fix right now (too few satellites in view). Visits are saved without a position until it finds one; open sky helps.</source>
        <translation>El GPS no tiene posición ahora (muy pocos satélites a la vista). Las visitas se guardan sin posición hasta que la encuentre; el cielo abierto ayuda.</translation>
    </message>
    <message>
        <source>The GPS log {path} cannot be read ({reason}).</source>
        <translation>No se puede leer el registro GPS {path} ({reason}).</translation>
    </message>
    <message>
        <source>The GPS log {path} does not exist. Pick another file.</source>
        <translation>El registro GPS {path} no existe. Elija otro archivo.</translation>
    </message>
    <message>
        <source>The GPS receiver on {port} cannot be opened ({reason}). Check that it is plugged in and that no other program uses it.</source>
        <translation>No se puede abrir el receptor GPS en {port} ({reason}). Compruebe que está conectado y que ningún otro programa lo usa.</translation>
    </message>
    <message>
        <source>The GPS reported an error. Positions may be missing; type yours if needed.</source>
        <translation>El GPS informó de un error. Puede que falten posiciones; escriba la suya si hace falta.</translation>
    </message>
    <message>
        <source>The GPS source stopped (unplugged or switched off). Reconnect it.</source>
        <translation>La fuente GPS se detuvo (desconectada o apagada). Vuelva a conectarla.</translation>
    </message>
    <message>
        <source>The computer {host} (where gpsd should run) is not known on this network. Check the address in Settings → Location. Trying again in {seconds} s.</source>
        <translation>El equipo {host} (donde debería estar gpsd) no se conoce en esta red. Revise la dirección en Ajustes → Ubicación. Se volverá a intentar en {seconds} s.</translation>
    </message>
    <message>
        <source>The connection to gpsd at {address} was lost. Visits are saved without a position until it is back. Trying again in {seconds} s.</source>
        <translation>Se perdió la conexión con gpsd en {address}. Las visitas se guardan sin posición hasta que vuelva. Se volverá a intentar en {seconds} s.</translation>
    </message>
    <message>
        <source>The program at {address} is not gpsd (it does not answer in gpsd&apos;s protocol). Check the port in Settings → Location. Trying again in {seconds} s.</source>
        <translation>El programa en {address} no es gpsd (no responde con el protocolo de gpsd). Revise el puerto en Ajustes → Ubicación. Se volverá a intentar en {seconds} s.</translation>
    </message>
    <message>
        <source>This computer has no location service. Use an NMEA GPS log or receiver, or type your position.</source>
        <translation>Este equipo no tiene servicio de ubicación. Use un registro o receptor GPS NMEA, o escriba su posición.</translation>
    </message>
    <message>
        <source>Waiting for the first position from {source}…</source>
        <translation>Esperando la primera posición de {source}…</translation>
    </message>
    <message>
        <source>a position typed by hand</source>
        <translation>una posición escrita a mano</translation>
    </message>
    <message>
        <source>gpsd at {address}</source>
        <translation>gpsd en {address}</translation>
    </message>
    <message>
        <source>gpsd at {address} has no GPS receiver. Plug the receiver in (USB) or pair it (Bluetooth); gpsd finds it by itself.</source>
        <translation>gpsd en {address} no tiene ningún receptor GPS. Conecte el receptor (USB) o emparéjelo (Bluetooth); gpsd lo encuentra solo.</translation>
    </message>
    <message>
        <source>none (location is off)</source>
        <translation>ninguna (la ubicación está desactivada)</translation>
    </message>
    <message>
        <source>the GPS log {name}</source>
        <translation>el registro GPS {name}</translation>
    </message>
    <message>
        <source>the GPS receiver on {port}</source>
        <translation>el receptor GPS en {port}</translation>
    </message>
    <message>
        <source>this computer&apos;s location service</source>
        <translation>el servicio de ubicación de este equipo</translation>
    </message>
    <message>
        <source>this computer&apos;s location service ({name})</source>
        <translation>el servicio de ubicación de este equipo ({name})</translation>
    </message>
    <message>
        <source>{name} is not a usable NMEA GPS log. Pick another file.</source>
        <translation>{name} no es un registro GPS NMEA utilizable. Elija otro archivo.</translation>
    </message>
    <message>
        <source>{name} is not a usable NMEA GPS log: it has no positions with a time (GGA or RMC sentences), nothing to replay. Pick another file.</source>
        <translation>{name} no es un registro GPS NMEA utilizable: no tiene posiciones con hora (frases GGA o RMC), no hay nada que reproducir. Elija otro archivo.</translation>
    </message>
    <message>
        <source>{name} is not an NMEA GPS log (it is not plain text).</source>
        <translation>{name} no es un registro GPS NMEA (no es texto plano).</translation>
    </message>
</context>
<context>
    <name>LocationPanelWidget</name>
    <message>
        <source>Distance grade</source>
        <translation>Calidad de la distancia</translation>
    </message>
    <message>
        <source>Distance to the household</source>
        <translation>Distancia al hogar</translation>
    </message>
    <message>
        <source>Door is {m} m away.</source>
        <translation>La puerta está a {m} m.</translation>
    </message>
    <message>
        <source>Fix {accuracy}, {age} s old.</source>
        <translation>Posición {accuracy}, de hace {age} s.</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Ubicación</translation>
    </message>
    <message>
        <source>Location source</source>
        <translation>Fuente de ubicación</translation>
    </message>
    <message>
        <source>No position fix. The visit is saved without a location.</source>
        <translation>Sin posición. La visita se guarda sin ubicación.</translation>
    </message>
    <message>
        <source>Pick a door to see how far it is</source>
        <translation>Elija una puerta para ver a qué distancia está</translation>
    </message>
    <message>
        <source>Position fix</source>
        <translation>Posición GPS</translation>
    </message>
    <message>
        <source>Source: {source}</source>
        <translation>Fuente: {source}</translation>
    </message>
    <message>
        <source>This household has no map position.</source>
        <translation>Este hogar no tiene posición en el mapa.</translation>
    </message>
    <message>
        <source>accuracy unknown</source>
        <translation>precisión desconocida</translation>
    </message>
    <message>
        <source>±{m} m</source>
        <translation>±{m} m</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source> ({n} entries could not be read)</source>
        <translation> ({n} entradas no se pudieron leer)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <source>&amp;Sync</source>
        <translation>&amp;Sincronizar</translation>
    </message>
    <message>
        <source>&amp;Visit</source>
        <translation>&amp;Visita</translation>
    </message>
    <message>
        <source>&amp;Walklist</source>
        <translation>&amp;Lista</translation>
    </message>
    <message>
        <source>A, B, C…</source>
        <translation>A, B, C…</translation>
    </message>
    <message>
        <source>About Canvass</source>
        <translation>Acerca de Canvass</translation>
    </message>
    <message>
        <source>Add a person at this door…</source>
        <translation>Añadir una persona en esta puerta…</translation>
    </message>
    <message>
        <source>Backspace</source>
        <translation>Retroceso</translation>
    </message>
    <message>
        <source>Canvass door screen</source>
        <translation>Pantalla de puerta de Canvass</translation>
    </message>
    <message>
        <source>Canvass — door screen</source>
        <translation>Canvass — pantalla de puerta</translation>
    </message>
    <message>
        <source>Correct a person added here…</source>
        <translation>Corregir a una persona añadida aquí…</translation>
    </message>
    <message>
        <source>Could not refresh the doors: {error}</source>
        <translation>No se pudieron actualizar las puertas: {error}</translation>
    </message>
    <message>
        <source>Dark theme</source>
        <translation>Tema oscuro</translation>
    </message>
    <message>
        <source>Demo campaign — practice data</source>
        <translation>Campaña de demostración — datos de práctica</translation>
    </message>
    <message>
        <source>Do Not Knock</source>
        <translation>No tocar</translation>
    </message>
    <message>
        <source>Download a walklist to start (Ctrl+D, needs the network once).</source>
        <translation>Descargue una lista de recorrido para empezar (Ctrl+D, necesita la red una vez).</translation>
    </message>
    <message>
        <source>Download walklist</source>
        <translation>Descargar lista de recorrido</translation>
    </message>
    <message>
        <source>Downloaded “{name}”: {households} households, ready offline.</source>
        <translation>Descargada «{name}»: {households} hogares, lista sin conexión.</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Intro</translation>
    </message>
    <message>
        <source>Export unsent visits</source>
        <translation>Exportar visitas sin enviar</translation>
    </message>
    <message>
        <source>Exported {n} unsent visits to {path}.</source>
        <translation>Se exportaron {n} visitas sin enviar a {path}.</translation>
    </message>
    <message>
        <source>Go to the walklist</source>
        <translation>Ir a la lista de recorrido</translation>
    </message>
    <message>
        <source>High-contrast theme</source>
        <translation>Tema de alto contraste</translation>
    </message>
    <message>
        <source>Household history…</source>
        <translation>Historial del hogar…</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Atajos de teclado</translation>
    </message>
    <message>
        <source>Last action</source>
        <translation>Última acción</translation>
    </message>
    <message>
        <source>Light theme</source>
        <translation>Tema claro</translation>
    </message>
    <message>
        <source>List</source>
        <translation>Lista</translation>
    </message>
    <message>
        <source>Map</source>
        <translation>Mapa</translation>
    </message>
    <message>
        <source>Map or list</source>
        <translation>Mapa o lista</translation>
    </message>
    <message>
        <source>Nearest next door</source>
        <translation>Puerta más cercana</translation>
    </message>
    <message>
        <source>Next door in walk order</source>
        <translation>Siguiente puerta del recorrido</translation>
    </message>
    <message>
        <source>Next question / save after review</source>
        <translation>Siguiente pregunta / guardar tras revisar</translation>
    </message>
    <message>
        <source>No Polis server address is set; set it in Settings first.</source>
        <translation>No hay dirección del servidor Polis; póngala primero en Configuración.</translation>
    </message>
    <message>
        <source>Not signed out: the export failed: {error}</source>
        <translation>No se cerró la sesión: la exportación falló: {error}</translation>
    </message>
    <message>
        <source>Pick a door to see its history.</source>
        <translation>Elija una puerta para ver su historial.</translation>
    </message>
    <message>
        <source>Pick a person, then press Enter to start the survey.</source>
        <translation>Elija a una persona y pulse Intro para empezar la encuesta.</translation>
    </message>
    <message>
        <source>Pick a survey option</source>
        <translation>Elegir una opción de la encuesta</translation>
    </message>
    <message>
        <source>Previous question</source>
        <translation>Pregunta anterior</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Salir</translation>
    </message>
    <message>
        <source>Review my visits…</source>
        <translation>Revisar mis visitas…</translation>
    </message>
    <message>
        <source>Save changes</source>
        <translation>Guardar cambios</translation>
    </message>
    <message>
        <source>Search walklist</source>
        <translation>Buscar en la lista</translation>
    </message>
    <message>
        <source>Select several doors</source>
        <translation>Seleccionar varias puertas</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>Configuración guardada.</translation>
    </message>
    <message>
        <source>Settings saved. Restart Canvass to use the new language or sync settings.</source>
        <translation>Configuración guardada. Reinicie Canvass para usar el nuevo idioma o la nueva sincronización.</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Configuración…</translation>
    </message>
    <message>
        <source>Shift/Ctrl + click or arrows</source>
        <translation>Mayús/Ctrl + clic o flechas</translation>
    </message>
    <message>
        <source>Sign in first (Ctrl+L): the download needs your access.</source>
        <translation>Inicie sesión primero (Ctrl+L): la descarga necesita su acceso.</translation>
    </message>
    <message>
        <source>Sign in…</source>
        <translation>Iniciar sesión…</translation>
    </message>
    <message>
        <source>Sign out…</source>
        <translation>Cerrar sesión…</translation>
    </message>
    <message>
        <source>Signed in — kept for this session only (no keyring on this computer).</source>
        <translation>Sesión iniciada — se guarda solo durante esta sesión (este equipo no tiene llavero).</translation>
    </message>
    <message>
        <source>Signed in. Waiting visits will be sent.</source>
        <translation>Sesión iniciada. Las visitas pendientes se enviarán.</translation>
    </message>
    <message>
        <source>Signed out.</source>
        <translation>Sesión cerrada.</translation>
    </message>
    <message>
        <source>Start the survey for this person</source>
        <translation>Empezar la encuesta con esta persona</translation>
    </message>
    <message>
        <source>Still signed in: {n} visits are not sent yet.</source>
        <translation>Sigue con la sesión iniciada: {n} visitas aún no se enviaron.</translation>
    </message>
    <message>
        <source>Supervisor review…</source>
        <translation>Revisión del supervisor…</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Sincronizar ahora</translation>
    </message>
    <message>
        <source>The theme was not saved: {error}</source>
        <translation>El tema no se guardó: {error}</translation>
    </message>
    <message>
        <source>The walklist (Ctrl+M switches, F6)</source>
        <translation>La lista de recorrido (Ctrl+M cambia, F6)</translation>
    </message>
    <message>
        <source>The walklist could not be downloaded: {error} Try again when online.</source>
        <translation>No se pudo descargar la lista: {error} Inténtelo de nuevo con conexión.</translation>
    </message>
    <message>
        <source>The walklist on a map (Ctrl+M switches)</source>
        <translation>La lista de recorrido en un mapa (Ctrl+M cambia)</translation>
    </message>
    <message>
        <source>The whole walklist on the map</source>
        <translation>Toda la lista de recorrido en el mapa</translation>
    </message>
    <message>
        <source>This campaign has no survey; use the one-tap outcomes.</source>
        <translation>Esta campaña no tiene encuesta; use los resultados rápidos.</translation>
    </message>
    <message>
        <source>Undo last visit</source>
        <translation>Deshacer la última visita</translation>
    </message>
    <message>
        <source>Vie&amp;w</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <source>Visits not sent yet</source>
        <translation>Visitas aún sin enviar</translation>
    </message>
    <message>
        <source>Walklist (list) id:</source>
        <translation>Id de la lista de recorrido:</translation>
    </message>
    <message>
        <source>Walklist and map</source>
        <translation>Lista de recorrido y mapa</translation>
    </message>
    <message>
        <source>Zoom the map in</source>
        <translation>Acercar el mapa</translation>
    </message>
    <message>
        <source>Zoom the map out</source>
        <translation>Alejar el mapa</translation>
    </message>
    <message>
        <source>{name}: this door asked not to be visited (Do Not Knock).

Record this visit anyway? Only if they asked you to: the visit is marked for your supervisor.</source>
        <translation>{name}: en esta puerta pidieron no recibir visitas (No tocar).

¿Registrar la visita de todos modos? Solo si se lo pidieron: la visita queda marcada para su supervisor.</translation>
    </message>
    <message>
        <source>{n} problems: see the survey pane.</source>
        <translation>{n} problemas: vea el panel de la encuesta.</translation>
    </message>
    <message>
        <source>{n} visits have not reached the server. Signing out now could lose them.

Export them to a file first (another laptop can import it)?</source>
        <translation>{n} visitas no han llegado al servidor. Cerrar la sesión ahora podría perderlas.

¿Exportarlas primero a un archivo (otro portátil puede importarlo)?</translation>
    </message>
</context>
<context>
    <name>MapView</name>
    <message>
        <source>A line joins each visit to its door; doors show their state as in the walklist.</source>
        <translation>Una línea une cada visita con su puerta; las puertas muestran su estado como en la lista de recorrido.</translation>
    </message>
    <message>
        <source>Could not draw the map: {reason}</source>
        <translation>No se pudo dibujar el mapa: {reason}</translation>
    </message>
    <message>
        <source>Drawing the map…</source>
        <translation>Dibujando el mapa…</translation>
    </message>
    <message>
        <source>Fit all</source>
        <translation>Ver todo</translation>
    </message>
    <message>
        <source>Fit doors</source>
        <translation>Ver las puertas</translation>
    </message>
    <message>
        <source>Map legend</source>
        <translation>Leyenda del mapa</translation>
    </message>
    <message>
        <source>Map of visits and doors</source>
        <translation>Mapa de visitas y puertas</translation>
    </message>
    <message>
        <source>Map status</source>
        <translation>Estado del mapa</translation>
    </message>
    <message>
        <source>Showing the newest {n} of {total} matching visits: narrow the filter to see others.</source>
        <translation>Se muestran las {n} más recientes de {total} visitas: afine el filtro para ver otras.</translation>
    </message>
    <message>
        <source>Visits, by GPS accuracy: {grades}.</source>
        <translation>Visitas, por precisión del GPS: {grades}.</translation>
    </message>
    <message>
        <source>Wheel or +/− zooms, drag pans, click a visit to open it, double-click a door for its newest visit; on the map, Page Down goes from door to door and Enter opens.</source>
        <translation>La rueda o +/− acercan y alejan, arrastrar desplaza, un clic en una visita la abre, doble clic en una puerta abre su visita más reciente; en el mapa, Av Pág va de puerta en puerta e Intro abre.</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Acercar</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Alejar</translation>
    </message>
    <message>
        <source>{contact}, {address} — {outcome} ({grade})</source>
        <translation>{contact}, {address} — {outcome} ({grade})</translation>
    </message>
    <message>
        <source>{drawn} visits with a GPS fix drawn, at {doors} doors. {no_fix} visits without a fix are not on the map.</source>
        <translation>{drawn} visitas con posición GPS dibujadas, en {doors} puertas. {no_fix} visitas sin posición no están en el mapa.</translation>
    </message>
</context>
<context>
    <name>MapWidget</name>
    <message>
        <source> · not sent</source>
        <translation> · sin enviar</translation>
    </message>
    <message>
        <source>Map of the walklist</source>
        <translation>Mapa de la lista de recorrido</translation>
    </message>
    <message>
        <source>No door of this walklist has a map position.</source>
        <translation>Ninguna puerta de esta lista de recorrido tiene posición en el mapa.</translation>
    </message>
    <message>
        <source>Selected: {doors}.</source>
        <translation>Seleccionada: {doors}.</translation>
    </message>
    <message>
        <source>Streets drawn from the walklist</source>
        <translation>Calles dibujadas a partir de la lista de recorrido</translation>
    </message>
    <message>
        <source>Your position is shown.</source>
        <translation>Se muestra su posición.</translation>
    </message>
    <message>
        <source>{done} of {doors} doors done</source>
        <translation>{done} de {doors} puertas hechas</translation>
    </message>
    <message>
        <source>{n} doors on the map.</source>
        <translation>{n} puertas en el mapa.</translation>
    </message>
</context>
<context>
    <name>OsProblem</name>
    <message>
        <source>another program is using it</source>
        <translation>otro programa lo está usando</translation>
    </message>
    <message>
        <source>it already exists</source>
        <translation>ya existe</translation>
    </message>
    <message>
        <source>it does not exist</source>
        <translation>no existe</translation>
    </message>
    <message>
        <source>it is a folder, not a file</source>
        <translation>es una carpeta, no un archivo</translation>
    </message>
    <message>
        <source>part of the path is not a folder</source>
        <translation>parte de la ruta no es una carpeta</translation>
    </message>
    <message>
        <source>permission denied</source>
        <translation>permiso denegado</translation>
    </message>
    <message>
        <source>the disk could not be read or written</source>
        <translation>no se pudo leer ni escribir en el disco</translation>
    </message>
    <message>
        <source>the disk is full</source>
        <translation>el disco está lleno</translation>
    </message>
    <message>
        <source>the disk is read-only</source>
        <translation>el disco es de solo lectura</translation>
    </message>
    <message>
        <source>the disk quota is used up</source>
        <translation>se agotó la cuota de disco</translation>
    </message>
    <message>
        <source>the name is too long</source>
        <translation>el nombre es demasiado largo</translation>
    </message>
</context>
<context>
    <name>Outbox</name>
    <message>
        <source>This visit cannot be sent again now.</source>
        <translation>Esta visita no se puede volver a enviar ahora.</translation>
    </message>
    <message>
        <source>This visit is already on the server: there is nothing to send again.</source>
        <translation>Esta visita ya está en el servidor: no hay nada que volver a enviar.</translation>
    </message>
    <message>
        <source>This visit is already waiting to be sent: there is nothing to send again.</source>
        <translation>Esta visita ya está esperando a enviarse: no hay nada que volver a enviar.</translation>
    </message>
    <message>
        <source>This visit is being sent right now. Wait for the sync to finish.</source>
        <translation>Esta visita se está enviando ahora mismo. Espere a que termine la sincronización.</translation>
    </message>
    <message>
        <source>This visit may already be on the server. Canvass checks the server before it sends it again, by itself: there is nothing to do.</source>
        <translation>Puede que esta visita ya esté en el servidor. Canvass lo comprueba por sí mismo antes de volver a enviarla: no hay nada que hacer.</translation>
    </message>
</context>
<context>
    <name>Outcome</name>
    <message>
        <source>Appointment</source>
        <translation>Cita</translation>
    </message>
    <message>
        <source>Come Back</source>
        <translation>Volver más tarde</translation>
    </message>
    <message>
        <source>Deceased</source>
        <translation>Falleció</translation>
    </message>
    <message>
        <source>Do Not Knock</source>
        <translation>No tocar</translation>
    </message>
    <message>
        <source>High Priority</source>
        <translation>Prioridad alta</translation>
    </message>
    <message>
        <source>Inaccessible</source>
        <translation>Inaccesible</translation>
    </message>
    <message>
        <source>Moved</source>
        <translation>Se mudó</translation>
    </message>
    <message>
        <source>Not Home</source>
        <translation>No está en casa</translation>
    </message>
    <message>
        <source>Not Successful</source>
        <translation>Sin éxito</translation>
    </message>
    <message>
        <source>Other Language</source>
        <translation>Otro idioma</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Rechazó</translation>
    </message>
    <message>
        <source>Successful</source>
        <translation>Con éxito</translation>
    </message>
    <message>
        <source>Survey</source>
        <translation>Encuesta</translation>
    </message>
    <message>
        <source>Unavailable</source>
        <translation>No disponible</translation>
    </message>
</context>
<context>
    <name>OutcomeBarWidget</name>
    <message>
        <source>Key {digit}</source>
        <translation>Tecla {digit}</translation>
    </message>
    <message>
        <source>One-tap outcomes</source>
        <translation>Resultados rápidos</translation>
    </message>
    <message>
        <source>Outcome for all {n} selected people (keys 1–7):</source>
        <translation>Resultado para las {n} personas seleccionadas (teclas 1–7):</translation>
    </message>
    <message>
        <source>Outcome without a survey (keys 1–7):</source>
        <translation>Resultado sin encuesta (teclas 1–7):</translation>
    </message>
    <message>
        <source>Record {outcome}</source>
        <translation>Registrar {outcome}</translation>
    </message>
    <message>
        <source>Record {outcome} (key {digit})</source>
        <translation>Registrar {outcome} (tecla {digit})</translation>
    </message>
</context>
<context>
    <name>People</name>
    <message>
        <source>Pick who is canvassing before adding a person.</source>
        <translation>Elija quién hace el recorrido antes de añadir a una persona.</translation>
    </message>
    <message>
        <source>That person is not on this laptop.</source>
        <translation>Esa persona no está en este portátil.</translation>
    </message>
    <message>
        <source>{name} is already on the server (or being sent now), so their details can no longer be changed here. Ask the campaign office to correct them.</source>
        <translation>{name} ya está en el servidor (o se está enviando), así que sus datos ya no se pueden cambiar aquí. Pida a la oficina de campaña que los corrija.</translation>
    </message>
</context>
<context>
    <name>Person</name>
    <message>
        <source>A name cannot hold control characters.</source>
        <translation>Un nombre no puede contener caracteres de control.</translation>
    </message>
    <message>
        <source>A name is at most {limit} characters.</source>
        <translation>Un nombre tiene como máximo {limit} caracteres.</translation>
    </message>
    <message>
        <source>A phone number has {low} to {high} digits; this one has {count}.</source>
        <translation>Un teléfono tiene de {low} a {high} dígitos; este tiene {count}.</translation>
    </message>
    <message>
        <source>A phone number holds digits, spaces, dashes, dots, brackets and one leading +.</source>
        <translation>Un teléfono lleva dígitos, espacios, guiones, puntos, paréntesis y un + al principio.</translation>
    </message>
    <message>
        <source>An email address is at most {limit} characters.</source>
        <translation>Un correo tiene como máximo {limit} caracteres.</translation>
    </message>
    <message>
        <source>Enter the person&apos;s first name.</source>
        <translation>Escriba el nombre de la persona.</translation>
    </message>
    <message>
        <source>Enter the person&apos;s last name too: the campaign&apos;s records need both names.</source>
        <translation>Escriba también el apellido: los registros de la campaña necesitan ambos.</translation>
    </message>
    <message>
        <source>Pick the kind of phone from the list.</source>
        <translation>Elija el tipo de teléfono de la lista.</translation>
    </message>
    <message>
        <source>Pick the language from the list.</source>
        <translation>Elija el idioma de la lista.</translation>
    </message>
    <message>
        <source>This email address is not complete: it needs a name, @ and a domain, like ana@example.org.</source>
        <translation>Este correo no está completo: necesita un nombre, @ y un dominio, como ana@example.org.</translation>
    </message>
</context>
<context>
    <name>PhoneType</name>
    <message>
        <source>Home</source>
        <translation>Casa</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>Móvil</translation>
    </message>
    <message>
        <source>Work</source>
        <translation>Trabajo</translation>
    </message>
</context>
<context>
    <name>Pin</name>
    <message>
        <source>%n minute</source>
        <translation>%n minuto</translation>
    </message>
    <message>
        <source>%n minutes</source>
        <translation>%n minutos</translation>
    </message>
    <message>
        <source>%n second</source>
        <translation>%n segundo</translation>
    </message>
    <message>
        <source>%n seconds</source>
        <translation>%n segundos</translation>
    </message>
    <message>
        <source>A PIN has {low} to {high} digits.</source>
        <translation>Un PIN tiene de {low} a {high} dígitos.</translation>
    </message>
    <message>
        <source>A PIN is made of digits only (0–9).</source>
        <translation>Un PIN solo tiene dígitos (0–9).</translation>
    </message>
    <message>
        <source>A canvasser id has at most {limit} characters.</source>
        <translation>El identificador de un voluntario tiene como máximo {limit} caracteres.</translation>
    </message>
    <message>
        <source>A canvasser needs a name or id.</source>
        <translation>Un voluntario necesita un nombre o un identificador.</translation>
    </message>
    <message>
        <source>Changing the supervisor PIN needs the current PIN.</source>
        <translation>Para cambiar el PIN de supervisor hace falta el PIN actual.</translation>
    </message>
    <message>
        <source>No supervisor PIN is set on this laptop yet; set one first.</source>
        <translation>Aún no hay un PIN de supervisor en este portátil; defina uno primero.</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Try again in {wait}; ask the supervisor if you have forgotten it.</source>
        <translation>Demasiados PIN incorrectos. Vuelva a intentarlo dentro de {wait}; pregunte al supervisor si lo ha olvidado.</translation>
    </message>
    <message>
        <source>Wrong PIN. %n more tries before a wait.</source>
        <translation>PIN incorrecto. Quedan %n intentos antes de tener que esperar.</translation>
    </message>
    <message>
        <source>Wrong PIN. %n more try before a wait.</source>
        <translation>PIN incorrecto. Queda %n intento antes de tener que esperar.</translation>
    </message>
    <message>
        <source>Wrong PIN. Too many wrong tries: wait {wait} before the next one.</source>
        <translation>PIN incorrecto. Demasiados intentos fallidos: espere {wait} antes del siguiente.</translation>
    </message>
</context>
<context>
    <name>Problems</name>
    <message>
        <source>A file could not be used ({reason}). Check the disk and the folder, then try again.</source>
        <translation>No se pudo usar un archivo ({reason}). Compruebe el disco y la carpeta, y vuelva a intentarlo.</translation>
    </message>
    <message>
        <source>No connection. Visits are saved on this laptop and will be sent when you are back online.</source>
        <translation>Sin conexión. Las visitas se guardan en este portátil y se enviarán cuando vuelva a tener conexión.</translation>
    </message>
    <message>
        <source>Not saved: {reason}</source>
        <translation>No se guardó: {reason}</translation>
    </message>
    <message>
        <source>Sign-in needed: the server refused the sign-in. Sign in again to send visits.</source>
        <translation>Hace falta iniciar sesión: el servidor rechazó la sesión. Vuelva a iniciar sesión para enviar las visitas.</translation>
    </message>
    <message>
        <source>Something unexpected went wrong. It was logged, and the crash window says where; tell your supervisor.</source>
        <translation>Ocurrió algo inesperado. Quedó registrado y la ventana de error dice dónde; avise a su supervisor.</translation>
    </message>
    <message>
        <source>The server address is not safe to use (it must start with https://). Fix it in Settings.</source>
        <translation>La dirección del servidor no es segura (debe empezar por https://). Corríjala en Ajustes.</translation>
    </message>
    <message>
        <source>The server did not accept the request. Nothing is lost; try again later.</source>
        <translation>El servidor no aceptó la petición. No se pierde nada; vuelva a intentarlo más tarde.</translation>
    </message>
</context>
<context>
    <name>RawEditDialog</name>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Changed fields are queued as an edit (with checks on the values you started from) and sent at the next sync.</source>
        <translation>Los campos cambiados se ponen en cola como una edición (con comprobaciones de los valores de partida) y se envían en la próxima sincronización.</translation>
    </message>
    <message>
        <source>Edit interaction data</source>
        <translation>Editar los datos de la interacción</translation>
    </message>
    <message>
        <source>Interaction data as JSON</source>
        <translation>Datos de la interacción en JSON</translation>
    </message>
    <message>
        <source>Queue edit</source>
        <translation>Poner la edición en cola</translation>
    </message>
</context>
<context>
    <name>Recovery</name>
    <message>
        <source>%n of the saved visits had lost their place in the queue; they will be checked against the server before they are sent, so none is sent twice.</source>
        <translation>%n de las visitas salvadas habían perdido su lugar en la cola; se comprobarán con el servidor antes de enviarlas, para que ninguna se envíe dos veces.</translation>
    </message>
    <message>
        <source>%n unsent visit could still be read and was saved to {path}.</source>
        <translation>Aún se pudo leer %n visita sin enviar, que se guardó en {path}.</translation>
    </message>
    <message>
        <source>%n unsent visits could still be read and were saved to {path}.</source>
        <translation>Aún se pudieron leer %n visitas sin enviar, que se guardaron en {path}.</translation>
    </message>
    <message>
        <source>%n visit already on the server did not need saving.</source>
        <translation>%n visita que ya estaba en el servidor no necesitaba salvarse.</translation>
    </message>
    <message>
        <source>%n visit could not be read; the kept copy may still let a specialist recover it.</source>
        <translation>No se pudo leer %n visita; con la copia guardada, un especialista quizá aún pueda recuperarla.</translation>
    </message>
    <message>
        <source>%n visits already on the server did not need saving.</source>
        <translation>%n visitas que ya estaban en el servidor no necesitaban salvarse.</translation>
    </message>
    <message>
        <source>%n visits could not be read; the kept copy may still let a specialist recover them.</source>
        <translation>No se pudieron leer %n visitas; con la copia guardada, un especialista quizá aún pueda recuperarlas.</translation>
    </message>
    <message>
        <source>A copy of the damaged database could not be made in {folder} ({reason}); nothing was changed. Free some disk space and try again.</source>
        <translation>No se pudo hacer una copia de la base de datos dañada en {folder} ({reason}); no se cambió nada. Libere espacio en el disco y vuelva a intentarlo.</translation>
    </message>
    <message>
        <source>A copy of the damaged database was kept at {path}.</source>
        <translation>Se guardó una copia de la base de datos dañada en {path}.</translation>
    </message>
    <message>
        <source>No unsent visits could be read from it.</source>
        <translation>No se pudo leer ninguna visita sin enviar de ella.</translation>
    </message>
    <message>
        <source>No visits could be saved from it.</source>
        <translation>No se pudo salvar ninguna visita de ella.</translation>
    </message>
    <message>
        <source>Run `canvass-app outbox import {path}` (or a supervisor&apos;s Import queue…) to queue them again.</source>
        <translation>Ejecute `canvass-app outbox import {path}` (o «Importar cola…» del supervisor) para volver a ponerlas en cola.</translation>
    </message>
    <message>
        <source>The damaged file was moved to {path}; Canvass will start with a new database.</source>
        <translation>El archivo dañado se movió a {path}; Canvass empezará con una base de datos nueva.</translation>
    </message>
    <message>
        <source>The unsent visits could not be written to {path} ({reason}); the copy of the database is at {copy}.</source>
        <translation>No se pudieron escribir las visitas sin enviar en {path} ({reason}); la copia de la base de datos está en {copy}.</translation>
    </message>
    <message>
        <source>There is no database to recover at {path}.</source>
        <translation>No hay ninguna base de datos que recuperar en {path}.</translation>
    </message>
    <message>
        <source>To continue, move the damaged database out of the data folder, then run `canvass-app outbox import {path}` (or a supervisor&apos;s Import queue…) to queue them again.</source>
        <translation>Para continuar, saque la base de datos dañada de la carpeta de datos y ejecute `canvass-app outbox import {path}` (o «Importar cola…» del supervisor) para volver a ponerlas en cola.</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>(zoom level)</source>
        <translation>(nivel de zoom)</translation>
    </message>
    <message>
        <source>API address</source>
        <translation>dirección de la API</translation>
    </message>
    <message>
        <source>GPS serial port</source>
        <translation>puerto serie del GPS</translation>
    </message>
    <message>
        <source>NMEA log file</source>
        <translation>archivo de registro NMEA</translation>
    </message>
    <message>
        <source>a serial port name such as /dev/ttyUSB0</source>
        <translation>el nombre de un puerto serie como /dev/ttyUSB0</translation>
    </message>
    <message>
        <source>accuracy threshold</source>
        <translation>umbral de precisión</translation>
    </message>
    <message>
        <source>cannot be used: {problem}</source>
        <translation>no se puede usar: {problem}</translation>
    </message>
    <message>
        <source>canvasser name</source>
        <translation>nombre del voluntario</translation>
    </message>
    <message>
        <source>edit path form</source>
        <translation>forma de las rutas de edición</translation>
    </message>
    <message>
        <source>gpsd host</source>
        <translation>equipo de gpsd</translation>
    </message>
    <message>
        <source>gpsd port</source>
        <translation>puerto de gpsd</translation>
    </message>
    <message>
        <source>highest map zoom</source>
        <translation>zoom máximo del mapa</translation>
    </message>
    <message>
        <source>is needed when the location source is a serial GPS</source>
        <translation>hace falta cuando la fuente de ubicación es un GPS serie</translation>
    </message>
    <message>
        <source>is needed when the location source is an NMEA log</source>
        <translation>hace falta cuando la fuente de ubicación es un registro NMEA</translation>
    </message>
    <message>
        <source>is not a PEM file of certificates (-----BEGIN CERTIFICATE-----)</source>
        <translation>no es un archivo PEM de certificados (-----BEGIN CERTIFICATE-----)</translation>
    </message>
    <message>
        <source>is too long ({length} characters; at most {limit})</source>
        <translation>es demasiado largo ({length} caracteres; como máximo {limit})</translation>
    </message>
    <message>
        <source>language</source>
        <translation>idioma</translation>
    </message>
    <message>
        <source>location source</source>
        <translation>fuente de ubicación</translation>
    </message>
    <message>
        <source>map attribution</source>
        <translation>atribución del mapa</translation>
    </message>
    <message>
        <source>map file (MBTiles)</source>
        <translation>archivo de mapa (MBTiles)</translation>
    </message>
    <message>
        <source>map tile address</source>
        <translation>dirección de teselas del mapa</translation>
    </message>
    <message>
        <source>metres</source>
        <translation>metros</translation>
    </message>
    <message>
        <source>move on after an outcome</source>
        <translation>avanzar tras un resultado</translation>
    </message>
    <message>
        <source>must be a TCP port number from {low} to {high} (gpsd&apos;s is 2947), got {value}</source>
        <translation>debe ser un número de puerto TCP entre {low} y {high} (el de gpsd es 2947), no {value}</translation>
    </message>
    <message>
        <source>must be a host name or address such as localhost or 192.168.1.20</source>
        <translation>debe ser un nombre o una dirección de equipo como localhost o 192.168.1.20</translation>
    </message>
    <message>
        <source>must be a number of {unit} from {low} to {high}, got {value}</source>
        <translation>debe ser un número de {unit} entre {low} y {high}, no {value}</translation>
    </message>
    <message>
        <source>must be a whole number of {unit} from {low} to {high}, got {value}</source>
        <translation>debe ser un número entero de {unit} entre {low} y {high}, no {value}</translation>
    </message>
    <message>
        <source>must be an address such as https://tiles.example.org/{{z}}/{{x}}/{{y}}.png, or left unset</source>
        <translation>debe ser una dirección como https://tiles.example.org/{{z}}/{{x}}/{{y}}.png, o quedar sin definir</translation>
    </message>
    <message>
        <source>must be from {low} to {high} {unit}, got {value}</source>
        <translation>debe estar entre {low} y {high} {unit}, no {value}</translation>
    </message>
    <message>
        <source>must be one line of text (at most {limit} characters)</source>
        <translation>debe ser una sola línea de texto (como máximo {limit} caracteres)</translation>
    </message>
    <message>
        <source>must be one line of text without control characters</source>
        <translation>debe ser una sola línea de texto sin caracteres de control</translation>
    </message>
    <message>
        <source>must be one of {choices}, got {value}</source>
        <translation>debe ser uno de estos: {choices}, no {value}</translation>
    </message>
    <message>
        <source>must be text such as https://api.example.org, got {kind}</source>
        <translation>debe ser un texto como https://api.example.org, no {kind}</translation>
    </message>
    <message>
        <source>must be text, got {kind}</source>
        <translation>debe ser un texto, no {kind}</translation>
    </message>
    <message>
        <source>must be true or false, got {value}</source>
        <translation>debe ser verdadero o falso, no {value}</translation>
    </message>
    <message>
        <source>must be {version} when saving, got {value}</source>
        <translation>debe ser {version} al guardar, no {value}</translation>
    </message>
    <message>
        <source>must be {what}, or left unset</source>
        <translation>debe ser {what}, o quedar sin definir</translation>
    </message>
    <message>
        <source>must not be empty or start or end with spaces; leave it unset instead</source>
        <translation>no puede estar vacía ni empezar o terminar con espacios; en ese caso déjela sin definir</translation>
    </message>
    <message>
        <source>must not contain a NUL character</source>
        <translation>no puede contener un carácter NUL</translation>
    </message>
    <message>
        <source>must not contain a user name or password; sign in with a token instead</source>
        <translation>no puede contener un usuario ni una contraseña; inicie sesión con un token</translation>
    </message>
    <message>
        <source>names a file that does not exist ({path})</source>
        <translation>indica un archivo que no existe ({path})</translation>
    </message>
    <message>
        <source>requests at once</source>
        <translation>peticiones a la vez</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>segundos</translation>
    </message>
    <message>
        <source>settings version</source>
        <translation>versión de los ajustes</translation>
    </message>
    <message>
        <source>sync concurrency</source>
        <translation>visitas enviadas a la vez</translation>
    </message>
    <message>
        <source>sync interval</source>
        <translation>intervalo de sincronización</translation>
    </message>
    <message>
        <source>the path of a certificate file (PEM)</source>
        <translation>la ruta de un archivo de certificados (PEM)</translation>
    </message>
    <message>
        <source>the path of an MBTiles file</source>
        <translation>la ruta de un archivo MBTiles</translation>
    </message>
    <message>
        <source>the path of an NMEA log file</source>
        <translation>la ruta de un archivo de registro NMEA</translation>
    </message>
    <message>
        <source>the settings are not valid</source>
        <translation>los ajustes no son válidos</translation>
    </message>
    <message>
        <source>theme</source>
        <translation>tema</translation>
    </message>
    <message>
        <source>trusted certificate authority</source>
        <translation>autoridad de certificación de confianza</translation>
    </message>
    <message>
        <source>uses plain http:// to {host}, which would send the access token unencrypted; use https:// (http:// is allowed only for 127.0.0.1, ::1 and localhost)</source>
        <translation>usa http:// sin cifrar hacia {host}, lo que enviaría el token de acceso sin cifrar; use https:// (http:// solo se admite para 127.0.0.1, ::1 y localhost)</translation>
    </message>
    <message>
        <source>zig-zag along streets</source>
        <translation>zigzag por las calles</translation>
    </message>
    <message>
        <source>{setting} {reason}</source>
        <translation>{setting}: {reason}</translation>
    </message>
    <message>
        <source>{setting}: {reason}</source>
        <translation>{setting}: {reason}</translation>
    </message>
    <message>
        <source>{value} cannot be read as a web address</source>
        <translation>{value} no se puede leer como dirección web</translation>
    </message>
    <message>
        <source>{value} has no host name</source>
        <translation>{value} no tiene nombre de servidor</translation>
    </message>
    <message>
        <source>{value} is not a host name or address (no spaces; at most {limit} characters)</source>
        <translation>{value} no es un nombre ni una dirección de equipo (sin espacios; como máximo {limit} caracteres)</translation>
    </message>
    <message>
        <source>{value} must not have a query (?...) or a fragment (#...)</source>
        <translation>{value} no puede tener una consulta (?...) ni un fragmento (#...)</translation>
    </message>
    <message>
        <source>{value} must start with https:// (http:// is allowed only for this machine)</source>
        <translation>{value} debe empezar por https:// (http:// solo se admite para este equipo)</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source> m</source>
        <translation> m</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>A GPS on a serial port</source>
        <translation>Un GPS en un puerto serie</translation>
    </message>
    <message>
        <source>A GPS shared by gpsd (USB or Bluetooth receiver)</source>
        <translation>Un GPS compartido por gpsd (receptor USB o Bluetooth)</translation>
    </message>
    <message>
        <source>A map of the area exported as MBTiles (from QGIS, TileMill or Mobile Atlas Creator), drawn under the doors with no network.</source>
        <translation>Un mapa de la zona exportado como MBTiles (desde QGIS, TileMill o Mobile Atlas Creator), dibujado bajo las puertas sin red.</translation>
    </message>
    <message>
        <source>API address</source>
        <translation>Dirección de la API</translation>
    </message>
    <message>
        <source>Accuracy threshold</source>
        <translation>Umbral de precisión</translation>
    </message>
    <message>
        <source>Accuracy threshold in metres</source>
        <translation>Umbral de precisión en metros</translation>
    </message>
    <message>
        <source>After a one-tap outcome, go on to the next door to knock</source>
        <translation>Tras un resultado rápido, pasar a la siguiente puerta por tocar</translation>
    </message>
    <message>
        <source>An NMEA log file</source>
        <translation>Un archivo de registro NMEA</translation>
    </message>
    <message>
        <source>As the tile provider asks</source>
        <translation>Como la pida el proveedor de teselas</translation>
    </message>
    <message>
        <source>At the door</source>
        <translation>En la puerta</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Examinar…</translation>
    </message>
    <message>
        <source>Canvasser name</source>
        <translation>Nombre del voluntario</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>Certificados (*.pem *.crt *.cer);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Choose an NMEA log file</source>
        <translation>Elija un archivo de registro NMEA</translation>
    </message>
    <message>
        <source>Choose the NMEA log file</source>
        <translation>Elegir el archivo de registro NMEA</translation>
    </message>
    <message>
        <source>Choose the certificate authority file</source>
        <translation>Elegir el archivo de la autoridad de certificación</translation>
    </message>
    <message>
        <source>Choose the map file</source>
        <translation>Elegir el archivo de mapa</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Oscuro</translation>
    </message>
    <message>
        <source>Edit path form</source>
        <translation>Forma de las rutas de edición</translation>
    </message>
    <message>
        <source>Entered by hand</source>
        <translation>Introducida a mano</translation>
    </message>
    <message>
        <source>From the document root (/data/successful)</source>
        <translation>Desde la raíz del documento (/data/successful)</translation>
    </message>
    <message>
        <source>GPS serial port</source>
        <translation>Puerto serie del GPS</translation>
    </message>
    <message>
        <source>General</source>
        <translation>General</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>Alto contraste</translation>
    </message>
    <message>
        <source>Highest map zoom to download</source>
        <translation>Zoom máximo del mapa que se descarga</translation>
    </message>
    <message>
        <source>Highest zoom to download</source>
        <translation>Zoom máximo que se descarga</translation>
    </message>
    <message>
        <source>In use now: {source}</source>
        <translation>En uso ahora: {source}</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Claro</translation>
    </message>
    <message>
        <source>Location source</source>
        <translation>Fuente de ubicación</translation>
    </message>
    <message>
        <source>Location source in use now</source>
        <translation>Fuente de ubicación en uso ahora</translation>
    </message>
    <message>
        <source>MBTiles maps (*.mbtiles);;All files (*)</source>
        <translation>Mapas MBTiles (*.mbtiles);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Map</source>
        <translation>Mapa</translation>
    </message>
    <message>
        <source>Map attribution</source>
        <translation>Atribución del mapa</translation>
    </message>
    <message>
        <source>Map file (MBTiles)</source>
        <translation>Archivo de mapa (MBTiles)</translation>
    </message>
    <message>
        <source>Map tile address</source>
        <translation>Dirección de teselas del mapa</translation>
    </message>
    <message>
        <source>Move on after an outcome</source>
        <translation>Avanzar tras un resultado</translation>
    </message>
    <message>
        <source>NMEA log file</source>
        <translation>Archivo de registro NMEA</translation>
    </message>
    <message>
        <source>NMEA logs (*.nmea *.txt *.log);;All files (*)</source>
        <translation>Registros NMEA (*.nmea *.txt *.log);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Narrow streets: cross at every door instead of one side, then the other</source>
        <translation>Calles estrechas: cruzar en cada puerta en lugar de recorrer un lado y luego el otro</translation>
    </message>
    <message>
        <source>No location</source>
        <translation>Sin ubicación</translation>
    </message>
    <message>
        <source>Not known here (no position service).</source>
        <translation>No se sabe aquí (no hay servicio de posición).</translation>
    </message>
    <message>
        <source>Only if your organisation runs its own certificate authority: its certificate file (PEM), trusted besides this computer&apos;s. Certificates are always checked.</source>
        <translation>Solo si su organización tiene su propia autoridad de certificación: su archivo de certificado (PEM), en el que se confía además de en los de este equipo. Los certificados siempre se comprueban.</translation>
    </message>
    <message>
        <source>Optional: a PEM file</source>
        <translation>Opcional: un archivo PEM</translation>
    </message>
    <message>
        <source>Optional: an .mbtiles file</source>
        <translation>Opcional: un archivo .mbtiles</translation>
    </message>
    <message>
        <source>Problems with these settings</source>
        <translation>Problemas con esta configuración</translation>
    </message>
    <message>
        <source>Relative to data (/successful)</source>
        <translation>Relativa a data (/successful)</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Configuración</translation>
    </message>
    <message>
        <source>Sync interval</source>
        <translation>Intervalo de sincronización</translation>
    </message>
    <message>
        <source>Sync interval in seconds</source>
        <translation>Intervalo de sincronización en segundos</translation>
    </message>
    <message>
        <source>System language ({language})</source>
        <translation>Idioma del sistema ({language})</translation>
    </message>
    <message>
        <source>The campaign&apos;s tile server: the tiles around a walklist&apos;s doors are downloaded with it. The public OpenStreetMap servers do not allow this.</source>
        <translation>El servidor de teselas de la campaña: las teselas alrededor de las puertas de una lista se descargan con ella. Los servidores públicos de OpenStreetMap no lo permiten.</translation>
    </message>
    <message>
        <source>The settings could not be saved: {reason}</source>
        <translation>No se pudo guardar la configuración: {reason}</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>Tema</translation>
    </message>
    <message>
        <source>This computer&apos;s location service (GeoClue on Linux)</source>
        <translation>El servicio de ubicación de este equipo (GeoClue en Linux)</translation>
    </message>
    <message>
        <source>Trusted certificate authority</source>
        <translation>Autoridad de certificación de confianza</translation>
    </message>
    <message>
        <source>Trusted certificate authority file</source>
        <translation>Archivo de la autoridad de certificación de confianza</translation>
    </message>
    <message>
        <source>Visits sent at once</source>
        <translation>Visitas enviadas a la vez</translation>
    </message>
    <message>
        <source>Walk order</source>
        <translation>Orden del recorrido</translation>
    </message>
    <message>
        <source>With no map file and no tile address, the map draws the streets from the walklist&apos;s own doors.</source>
        <translation>Sin archivo de mapa ni dirección de teselas, el mapa dibuja las calles a partir de las puertas de la lista.</translation>
    </message>
    <message>
        <source>Zig-zag along streets</source>
        <translation>Zigzag por las calles</translation>
    </message>
    <message>
        <source>a fix of unknown accuracy.</source>
        <translation>una posición de precisión desconocida.</translation>
    </message>
    <message>
        <source>a fix, ±{m} m.</source>
        <translation>una posición, ±{m} m.</translation>
    </message>
    <message>
        <source>gpsd host</source>
        <translation>Equipo de gpsd</translation>
    </message>
    <message>
        <source>gpsd port</source>
        <translation>Puerto de gpsd</translation>
    </message>
    <message>
        <source>no fix.</source>
        <translation>sin posición.</translation>
    </message>
    <message>
        <source>port</source>
        <translation>puerto</translation>
    </message>
</context>
<context>
    <name>ShortcutHelpDialog</name>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>Close the shortcut list</source>
        <translation>Cerrar la lista de atajos</translation>
    </message>
    <message>
        <source>Does</source>
        <translation>Acción</translation>
    </message>
    <message>
        <source>Everything on the door screen works from the keyboard. Tab moves between areas.</source>
        <translation>Todo en la pantalla de puerta funciona con el teclado. Tab pasa de una zona a otra.</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Atajos de teclado</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Teclas</translation>
    </message>
    <message>
        <source>Shortcuts</source>
        <translation>Atajos</translation>
    </message>
</context>
<context>
    <name>SignIn</name>
    <message>
        <source>The server did not accept the code. Check the client id and secret; a code works once and only for a few minutes, so ask for a new one if needed.</source>
        <translation>El servidor no aceptó el código. Revise el identificador y el secreto del cliente; un código sirve una sola vez y solo durante unos minutos, así que pida uno nuevo si hace falta.</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Access &amp;token:</source>
        <translation>&amp;Token de acceso:</translation>
    </message>
    <message>
        <source>Access token</source>
        <translation>Token de acceso</translation>
    </message>
    <message>
        <source>Asking the server…</source>
        <translation>Consultando al servidor…</translation>
    </message>
    <message>
        <source>Authorization &amp;code:</source>
        <translation>&amp;Código de autorización:</translation>
    </message>
    <message>
        <source>Authorization code</source>
        <translation>Código de autorización</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Client &amp;id:</source>
        <translation>&amp;Id de cliente:</translation>
    </message>
    <message>
        <source>Client &amp;secret:</source>
        <translation>&amp;Secreto de cliente:</translation>
    </message>
    <message>
        <source>Client id</source>
        <translation>Id de cliente</translation>
    </message>
    <message>
        <source>Client secret</source>
        <translation>Secreto de cliente</translation>
    </message>
    <message>
        <source>Fill in: {fields}.</source>
        <translation>Complete: {fields}.</translation>
    </message>
    <message>
        <source>How to sign in</source>
        <translation>Cómo iniciar sesión</translation>
    </message>
    <message>
        <source>No keyring on this computer: the token is kept for this session only. You will have to sign in again after closing Canvass.</source>
        <translation>Este equipo no tiene llavero: el token se guarda solo durante esta sesión. Tendrá que iniciar sesión otra vez al cerrar Canvass.</translation>
    </message>
    <message>
        <source>Paste a token</source>
        <translation>Pegar un token</translation>
    </message>
    <message>
        <source>Paste the access token</source>
        <translation>Pegue el token de acceso</translation>
    </message>
    <message>
        <source>Paste the access token first.</source>
        <translation>Pegue primero el token de acceso.</translation>
    </message>
    <message>
        <source>Server: {url}</source>
        <translation>Servidor: {url}</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Iniciar sesión</translation>
    </message>
    <message>
        <source>Sign in to Polis</source>
        <translation>Iniciar sesión en Polis</translation>
    </message>
    <message>
        <source>Sign-in message</source>
        <translation>Mensaje de inicio de sesión</translation>
    </message>
    <message>
        <source>Sign-in notice</source>
        <translation>Aviso de inicio de sesión</translation>
    </message>
    <message>
        <source>authorization code</source>
        <translation>código de autorización</translation>
    </message>
    <message>
        <source>client id</source>
        <translation>id de cliente</translation>
    </message>
    <message>
        <source>client secret</source>
        <translation>secreto de cliente</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>Canvass is already open</source>
        <translation>Canvass ya está abierto</translation>
    </message>
    <message>
        <source>The %n saved visits were queued again in the new database: nothing is lost.</source>
        <translation>Las %n visitas guardadas se volvieron a poner en cola en la nueva base de datos: no se pierde nada.</translation>
    </message>
    <message>
        <source>The database is {path}.</source>
        <translation>La base de datos es {path}.</translation>
    </message>
    <message>
        <source>The saved visit was queued again in the new database: nothing is lost.</source>
        <translation>La visita guardada se volvió a poner en cola en la nueva base de datos: no se pierde nada.</translation>
    </message>
    <message>
        <source>The visits database cannot be used</source>
        <translation>No se puede usar la base de datos de visitas</translation>
    </message>
    <message>
        <source>The visits database is damaged and could not be recovered automatically. Nothing was deleted; the file is still at {path}. Contact your supervisor.</source>
        <translation>La base de datos de visitas está dañada y no se pudo recuperar automáticamente. No se borró nada; el archivo sigue en {path}. Avise a su supervisor.</translation>
    </message>
    <message>
        <source>The visits database was damaged</source>
        <translation>La base de datos de visitas estaba dañada</translation>
    </message>
</context>
<context>
    <name>StatsView</name>
    <message>
        <source>% of visits</source>
        <translation>% de visitas</translation>
    </message>
    <message>
        <source>Canvasser</source>
        <translation>Voluntario</translation>
    </message>
    <message>
        <source>Contact rate</source>
        <translation>Tasa de contacto</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Contactos</translation>
    </message>
    <message>
        <source>Could not compute statistics: {reason}</source>
        <translation>No se pudieron calcular las estadísticas: {reason}</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>Contando…</translation>
    </message>
    <message>
        <source>Doors</source>
        <translation>Puertas</translation>
    </message>
    <message>
        <source>Doors / hour</source>
        <translation>Puertas / hora</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>Alertas</translation>
    </message>
    <message>
        <source>GPS distance to the door (share of visits)</source>
        <translation>Distancia GPS a la puerta (proporción de visitas)</translation>
    </message>
    <message>
        <source>GPS good / fair / poor / none</source>
        <translation>GPS bueno / regular / malo / sin</translation>
    </message>
    <message>
        <source>GPS grade chart</source>
        <translation>Gráfico de calidad del GPS</translation>
    </message>
    <message>
        <source>Group statistics by</source>
        <translation>Agrupar estadísticas por</translation>
    </message>
    <message>
        <source>Median gap</source>
        <translation>Intervalo mediano</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Otros</translation>
    </message>
    <message>
        <source>Outcome chart</source>
        <translation>Gráfico de resultados</translation>
    </message>
    <message>
        <source>Outcomes</source>
        <translation>Resultados</translation>
    </message>
    <message>
        <source>Per canvasser</source>
        <translation>Por voluntario</translation>
    </message>
    <message>
        <source>Per walklist</source>
        <translation>Por lista</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>Mostrar:</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>Estadísticas</translation>
    </message>
    <message>
        <source>Statistics status</source>
        <translation>Estado de las estadísticas</translation>
    </message>
    <message>
        <source>Statistics table</source>
        <translation>Tabla de estadísticas</translation>
    </message>
    <message>
        <source>Walklist</source>
        <translation>Lista de recorrido</translation>
    </message>
    <message>
        <source>visits</source>
        <translation>visitas</translation>
    </message>
    <message>
        <source>{n} shown, {f} flagged</source>
        <translation>{n} mostradas, {f} marcadas</translation>
    </message>
    <message>
        <source>{value} min</source>
        <translation>{value} min</translation>
    </message>
    <message>
        <source>{value} s</source>
        <translation>{value} s</translation>
    </message>
    <message>
        <source>{value}%</source>
        <translation>{value} %</translation>
    </message>
</context>
<context>
    <name>Storage</name>
    <message>
        <source>Canvass is not allowed to use the visits database or its folder (it belongs to another user, or its permissions were changed). Ask whoever looks after this computer to give it back to you; nothing was changed.</source>
        <translation>Canvass no tiene permiso para usar la base de datos de visitas o su carpeta (pertenece a otro usuario, o se cambiaron sus permisos). Pida a quien se ocupa de este equipo que se la devuelva; no se cambió nada.</translation>
    </message>
    <message>
        <source>The computer ran out of memory. Close other programs and try again.</source>
        <translation>El equipo se quedó sin memoria. Cierre otros programas y vuelva a intentarlo.</translation>
    </message>
    <message>
        <source>The disk could not be read or written (a failing disk, or a USB or network drive that went away). Check the disk and try again; nothing was deleted.</source>
        <translation>No se pudo leer ni escribir en el disco (un disco que falla, o una unidad USB o de red que se desconectó). Revise el disco y vuelva a intentarlo; no se borró nada.</translation>
    </message>
    <message>
        <source>The disk is full, so Canvass could not save. Free some space and try again; what was saved before is safe.</source>
        <translation>El disco está lleno, así que Canvass no pudo guardar. Libere espacio y vuelva a intentarlo; lo guardado antes está a salvo.</translation>
    </message>
    <message>
        <source>The visits database could not be opened: its folder may be missing or on a drive that is not connected. Check the folder and try again; nothing was changed.</source>
        <translation>No se pudo abrir la base de datos de visitas: puede que falte su carpeta o que esté en una unidad no conectada. Revise la carpeta y vuelva a intentarlo; no se cambió nada.</translation>
    </message>
    <message>
        <source>The visits database is damaged. Restart Canvass: it keeps a copy of the damaged file and saves the unsent visits it can still read.</source>
        <translation>La base de datos de visitas está dañada. Reinicie Canvass: guardará una copia del archivo dañado y salvará las visitas sin enviar que aún pueda leer.</translation>
    </message>
    <message>
        <source>The visits database is locked by another program (or another copy of Canvass). Close it and try again; nothing was changed.</source>
        <translation>Otro programa (u otra copia de Canvass) tiene bloqueada la base de datos de visitas. Ciérrelo y vuelva a intentarlo; no se cambió nada.</translation>
    </message>
    <message>
        <source>The visits database is read-only: Canvass cannot save to it. Check that the disk is not write-protected and that its folder may be written, then try again; nothing was changed.</source>
        <translation>La base de datos de visitas es de solo lectura: Canvass no puede guardar en ella. Compruebe que el disco no está protegido contra escritura y que se puede escribir en su carpeta, y vuelva a intentarlo; no se cambió nada.</translation>
    </message>
    <message>
        <source>The visits database was written by a newer Canvass. Update Canvass to open it; nothing was changed.</source>
        <translation>La base de datos de visitas la escribió un Canvass más reciente. Actualice Canvass para abrirla; no se cambió nada.</translation>
    </message>
</context>
<context>
    <name>SupervisorPinDialog</name>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Choose a supervisor PIN</source>
        <translation>Elija un PIN de supervisor</translation>
    </message>
    <message>
        <source>Enter the supervisor PIN to see every canvasser&apos;s visits.</source>
        <translation>Introduzca el PIN de supervisor para ver las visitas de todos los voluntarios.</translation>
    </message>
    <message>
        <source>No supervisor PIN is set on this laptop. Choose 4 to 12 digits; canvassers will need it to see everyone&apos;s visits.</source>
        <translation>Este portátil no tiene PIN de supervisor. Elija de 4 a 12 dígitos; hará falta para ver las visitas de todos.</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>PIN message</source>
        <translation>Mensaje del PIN</translation>
    </message>
    <message>
        <source>PIN:</source>
        <translation>PIN:</translation>
    </message>
    <message>
        <source>Repeat the PIN</source>
        <translation>Repita el PIN</translation>
    </message>
    <message>
        <source>Repeat:</source>
        <translation>Repetir:</translation>
    </message>
    <message>
        <source>Set PIN</source>
        <translation>Fijar PIN</translation>
    </message>
    <message>
        <source>Supervisor PIN</source>
        <translation>PIN de supervisor</translation>
    </message>
    <message>
        <source>The two PINs differ; type the same PIN twice.</source>
        <translation>Los dos PIN son distintos; escriba el mismo PIN dos veces.</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Desbloquear</translation>
    </message>
</context>
<context>
    <name>SupervisorReviewView</name>
    <message>
        <source>History</source>
        <translation>Historial</translation>
    </message>
    <message>
        <source>Map</source>
        <translation>Mapa</translation>
    </message>
    <message>
        <source>Review tabs</source>
        <translation>Pestañas de revisión</translation>
    </message>
    <message>
        <source>Review visits</source>
        <translation>Revisar visitas</translation>
    </message>
    <message>
        <source>Stats</source>
        <translation>Estadísticas</translation>
    </message>
    <message>
        <source>Supervisor mode</source>
        <translation>Modo supervisor</translation>
    </message>
    <message>
        <source>Supervisor mode…</source>
        <translation>Modo supervisor…</translation>
    </message>
    <message>
        <source>Supervisor — every visit on this laptop</source>
        <translation>Supervisor — todas las visitas de este portátil</translation>
    </message>
    <message>
        <source>nobody</source>
        <translation>nadie</translation>
    </message>
    <message>
        <source>{name} — your visits</source>
        <translation>{name} — sus visitas</translation>
    </message>
</context>
<context>
    <name>Survey</name>
    <message>
        <source>(no answer)</source>
        <translation>(sin respuesta)</translation>
    </message>
    <message>
        <source>Happy</source>
        <translation>Contento</translation>
    </message>
    <message>
        <source>Neutral</source>
        <translation>Neutral</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <source>Not sure</source>
        <translation>No sabe</translation>
    </message>
    <message>
        <source>The amount for “{question}” must be a number of 0 or more; “{value}” is not.</source>
        <translation>La cantidad de «{question}» debe ser un número igual o mayor que 0; «{value}» no lo es.</translation>
    </message>
    <message>
        <source>The answer to “{question}” is {length} characters long; at most {limit} fit.</source>
        <translation>La respuesta a «{question}» tiene {length} caracteres; caben como máximo {limit}.</translation>
    </message>
    <message>
        <source>The answer to “{question}” must be a number; “{value}” is not one.</source>
        <translation>La respuesta a «{question}» debe ser un número; «{value}» no lo es.</translation>
    </message>
    <message>
        <source>Unhappy</source>
        <translation>Descontento</translation>
    </message>
    <message>
        <source>Very happy</source>
        <translation>Muy contento</translation>
    </message>
    <message>
        <source>Very unhappy</source>
        <translation>Muy descontento</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Sí</translation>
    </message>
    <message>
        <source>{value} — {words}</source>
        <translation>{value} — {words}</translation>
    </message>
    <message>
        <source>“{question}” is required: answer it before going on.</source>
        <translation>«{question}» es obligatoria: respóndala antes de seguir.</translation>
    </message>
</context>
<context>
    <name>SurveyFormWidget</name>
    <message>
        <source>&amp;Discard the answers</source>
        <translation>&amp;Descartar las respuestas</translation>
    </message>
    <message>
        <source>&amp;Keep answering</source>
        <translation>&amp;Seguir respondiendo</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(sin nombre)</translation>
    </message>
    <message>
        <source>(required)</source>
        <translation>(obligatoria)</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Cantidad</translation>
    </message>
    <message>
        <source>Answer to {question}</source>
        <translation>Respuesta a {question}</translation>
    </message>
    <message>
        <source>Answers to review</source>
        <translation>Respuestas para revisar</translation>
    </message>
    <message>
        <source>Arrows, Page Up/Down scroll · Enter saves · Esc leaves</source>
        <translation>Flechas y Re Pág/Av Pág desplazan · Intro guarda · Esc sale</translation>
    </message>
    <message>
        <source>At most {n} characters.</source>
        <translation>Como máximo {n} caracteres.</translation>
    </message>
    <message>
        <source>Back to the last question</source>
        <translation>Volver a la última pregunta</translation>
    </message>
    <message>
        <source>Back to the previous question</source>
        <translation>Volver a la pregunta anterior</translation>
    </message>
    <message>
        <source>Backspace</source>
        <translation>Retroceso</translation>
    </message>
    <message>
        <source>Check the answers, then save</source>
        <translation>Revise las respuestas y guarde</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Intro</translation>
    </message>
    <message>
        <source>Key {key}</source>
        <translation>Tecla {key}</translation>
    </message>
    <message>
        <source>Keys for the review</source>
        <translation>Teclas de la revisión</translation>
    </message>
    <message>
        <source>Keys for this question</source>
        <translation>Teclas de esta pregunta</translation>
    </message>
    <message>
        <source>Leave the survey?</source>
        <translation>¿Salir de la encuesta?</translation>
    </message>
    <message>
        <source>Leave the survey? The answers given so far are not saved.</source>
        <translation>¿Salir de la encuesta? Las respuestas dadas hasta ahora no se guardan.</translation>
    </message>
    <message>
        <source>Left the survey; no answers were saved.</source>
        <translation>Salió de la encuesta; no se guardó ninguna respuesta.</translation>
    </message>
    <message>
        <source>Length limit</source>
        <translation>Límite de longitud</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>Enlace</translation>
    </message>
    <message>
        <source>Next question</source>
        <translation>Siguiente pregunta</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>Siguiente ▶</translation>
    </message>
    <message>
        <source>No survey open</source>
        <translation>Ninguna encuesta abierta</translation>
    </message>
    <message>
        <source>Open the document</source>
        <translation>Abrir el documento</translation>
    </message>
    <message>
        <source>Open the link</source>
        <translation>Abrir el enlace</translation>
    </message>
    <message>
        <source>Open the video</source>
        <translation>Abrir el vídeo</translation>
    </message>
    <message>
        <source>Other amount</source>
        <translation>Otra cantidad</translation>
    </message>
    <message>
        <source>Other amount:</source>
        <translation>Otra cantidad:</translation>
    </message>
    <message>
        <source>Pick a person in the walklist to start the survey.</source>
        <translation>Elija a una persona en la lista para empezar la encuesta.</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>Pregunta</translation>
    </message>
    <message>
        <source>Question {n} · {how} · Enter next · Esc leaves</source>
        <translation>Pregunta {n} · {how} · Intro sigue · Esc sale</translation>
    </message>
    <message>
        <source>Required question</source>
        <translation>Pregunta obligatoria</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Revisión</translation>
    </message>
    <message>
        <source>Save the visit</source>
        <translation>Guardar la visita</translation>
    </message>
    <message>
        <source>Save visit</source>
        <translation>Guardar visita</translation>
    </message>
    <message>
        <source>Start the survey</source>
        <translation>Empezar la encuesta</translation>
    </message>
    <message>
        <source>Start the survey (Enter)</source>
        <translation>Empezar la encuesta (Intro)</translation>
    </message>
    <message>
        <source>Survey</source>
        <translation>Encuesta</translation>
    </message>
    <message>
        <source>Survey message</source>
        <translation>Mensaje de la encuesta</translation>
    </message>
    <message>
        <source>Survey problems</source>
        <translation>Problemas de la encuesta</translation>
    </message>
    <message>
        <source>The survey “{name}” cannot be used. Record the door with the one-tap outcomes (keys 1–7) and tell your organiser so they can fix the survey:</source>
        <translation>La encuesta «{name}» no se puede usar. Registre la puerta con los resultados rápidos (teclas 1–7) y avise a su organizador para que la corrija:</translation>
    </message>
    <message>
        <source>Type the answer</source>
        <translation>Escriba la respuesta</translation>
    </message>
    <message>
        <source>Type the answer, or {keys} to go on</source>
        <translation>Escriba la respuesta, o {keys} para seguir</translation>
    </message>
    <message>
        <source>What is wrong with the survey</source>
        <translation>Qué falla en la encuesta</translation>
    </message>
    <message>
        <source>the survey has no questions</source>
        <translation>la encuesta no tiene preguntas</translation>
    </message>
    <message>
        <source>{keys} pick</source>
        <translation>{keys} eligen</translation>
    </message>
    <message>
        <source>{keys} pick, {other} other amount</source>
        <translation>{keys} eligen, {other} otra cantidad</translation>
    </message>
    <message>
        <source>{keys} tick</source>
        <translation>{keys} marcan</translation>
    </message>
    <message>
        <source>{keys} tick, {more} pick how to go on</source>
        <translation>{keys} marcan, {more} eligen cómo seguir</translation>
    </message>
    <message>
        <source>◀ Back</source>
        <translation>◀ Atrás</translation>
    </message>
</context>
<context>
    <name>SyncReport</name>
    <message>
        <source>%n change(s) could not be applied: the server copies changed or were deleted. The visits are kept on this laptop for a supervisor to review in History.</source>
        <translation>%n cambio(s) no se pudieron aplicar: las copias del servidor cambiaron o se borraron. Las visitas se guardan en este portátil para que un supervisor las revise en Historial.</translation>
    </message>
    <message>
        <source>%n change(s) met server copies that kept changing. They are kept on this laptop and will be sent again.</source>
        <translation>%n cambio(s) encontraron copias del servidor que no dejaban de cambiar. Se guardan en este portátil y se volverán a enviar.</translation>
    </message>
    <message>
        <source>%n visit(s) need a supervisor&apos;s look: open History to review, edit or re-send them. They are kept on this laptop.</source>
        <translation>%n visita(s) necesitan que las revise un supervisor: abra Historial para revisarlas, editarlas o reenviarlas. Se guardan en este portátil.</translation>
    </message>
    <message>
        <source>%n visit(s) wait for the network or a retry. They are kept on this laptop and will be sent automatically.</source>
        <translation>%n visita(s) esperan la red o un nuevo intento. Se guardan en este portátil y se enviarán automáticamente.</translation>
    </message>
    <message>
        <source>A change to {contact}&apos;s visit could not be applied: the server copy changed. The visit is kept on this laptop for a supervisor to review in History.</source>
        <translation>No se pudo aplicar un cambio a la visita de {contact}: la copia del servidor cambió. La visita se guarda en este portátil para que un supervisor la revise en Historial.</translation>
    </message>
    <message>
        <source>No connection to the server. %n visit(s) are kept on this laptop and will be sent when you are back online.</source>
        <translation>Sin conexión con el servidor. %n visita(s) se guardan en este portátil y se enviarán cuando vuelva a tener conexión.</translation>
    </message>
    <message>
        <source>Sign-in needed: the server did not accept the sign-in. Your visits are kept on this laptop; sign in again to send them.</source>
        <translation>Hay que iniciar sesión: el servidor no aceptó el inicio de sesión. Sus visitas se guardan en este portátil; inicie sesión de nuevo para enviarlas.</translation>
    </message>
    <message>
        <source>The server copy of {contact}&apos;s visit kept changing while your change was sent. Your change is kept on this laptop and will be sent again.</source>
        <translation>La copia del servidor de la visita de {contact} no dejó de cambiar mientras se enviaba su cambio. Su cambio se guarda en este portátil y se volverá a enviar.</translation>
    </message>
    <message>
        <source>The server did not accept %n person(s) added at the door, so their visits were not sent. They are kept on this laptop: correct them, then send them again from History.</source>
        <translation>El servidor no aceptó %n persona(s) añadidas en la puerta, así que sus visitas no se enviaron. Se guardan en este portátil: corríjalas y vuelva a enviarlas desde Historial.</translation>
    </message>
    <message>
        <source>The server did not accept {contact}, added at the door, so their visits were not sent. They are kept on this laptop: correct the person, then send them again from History.</source>
        <translation>El servidor no aceptó a {contact}, añadido en la puerta, así que sus visitas no se enviaron. Se guardan en este portátil: corrija a la persona y vuelva a enviarlas desde Historial.</translation>
    </message>
    <message>
        <source>The server refused %n visit(s). They are kept on this laptop; a supervisor can correct and re-send them from History.</source>
        <translation>El servidor rechazó %n visita(s). Se guardan en este portátil; un supervisor puede corregirlas y reenviarlas desde Historial.</translation>
    </message>
    <message>
        <source>{contact}&apos;s visit was deleted on the server, so your change could not be applied. It is kept on this laptop for a supervisor to review in History.</source>
        <translation>La visita de {contact} se borró en el servidor, así que no se pudo aplicar su cambio. Se guarda en este portátil para que un supervisor la revise en Historial.</translation>
    </message>
    <message>
        <source>{why} %n visit(s) are kept on this laptop and will be sent once this is fixed.</source>
        <translation>{why} %n visita(s) se guardan en este portátil y se enviarán cuando esto se resuelva.</translation>
    </message>
</context>
<context>
    <name>SyncState</name>
    <message>
        <source>! Needs attention</source>
        <translation>! Necesita atención</translation>
    </message>
    <message>
        <source>? Checking server</source>
        <translation>? Comprobando con el servidor</translation>
    </message>
    <message>
        <source>● Queued</source>
        <translation>● En cola</translation>
    </message>
    <message>
        <source>✓ Sent</source>
        <translation>✓ Enviada</translation>
    </message>
    <message>
        <source>✕ Rejected</source>
        <translation>✕ Rechazada</translation>
    </message>
    <message>
        <source>➤ Sending</source>
        <translation>➤ Enviando</translation>
    </message>
    <message>
        <source>⟳ Waiting to retry</source>
        <translation>⟳ Esperando para reintentar</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <source>No Polis server address is set. Enter it in Settings to send visits.</source>
        <translation>No hay dirección de servidor Polis. Escríbala en Ajustes para enviar las visitas.</translation>
    </message>
    <message>
        <source>The server address, the trusted certificate authority or the sign-in cannot be used. Check them in Settings.</source>
        <translation>No se puede usar la dirección del servidor, la autoridad de certificación de confianza o la sesión. Revíselas en Ajustes.</translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <source> — {n} need your attention (see History)</source>
        <translation> — {n} necesitan su atención (vea el Historial)</translation>
    </message>
    <message>
        <source>Last sync error</source>
        <translation>Último error de sincronización</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Red</translation>
    </message>
    <message>
        <source>Oldest unsent visit</source>
        <translation>Visita sin enviar más antigua</translation>
    </message>
    <message>
        <source>People added here, waiting to send: {n}</source>
        <translation>Personas añadidas aquí, pendientes de enviar: {n}</translation>
    </message>
    <message>
        <source>Send waiting visits now (Ctrl+S)</source>
        <translation>Enviar ahora las visitas pendientes (Ctrl+S)</translation>
    </message>
    <message>
        <source>Sending %v of %m</source>
        <translation>Enviando %v de %m</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Enviando…</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Iniciar sesión</translation>
    </message>
    <message>
        <source>Sign in…</source>
        <translation>Iniciar sesión…</translation>
    </message>
    <message>
        <source>Sign-in needed: sending is paused. Your visits are safe; sign in to resume.</source>
        <translation>Hay que iniciar sesión: el envío está en pausa. Sus visitas están a salvo; inicie sesión para seguir.</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Sincronizar ahora</translation>
    </message>
    <message>
        <source>Sync progress</source>
        <translation>Progreso de la sincronización</translation>
    </message>
    <message>
        <source>Sync status</source>
        <translation>Estado de la sincronización</translation>
    </message>
    <message>
        <source>Visits waiting to be sent</source>
        <translation>Visitas esperando envío</translation>
    </message>
    <message>
        <source>oldest: {age}</source>
        <translation>la más antigua: {age}</translation>
    </message>
    <message>
        <source>under a minute</source>
        <translation>menos de un minuto</translation>
    </message>
    <message>
        <source>{n} days</source>
        <translation>{n} días</translation>
    </message>
    <message>
        <source>{n} h</source>
        <translation>{n} h</translation>
    </message>
    <message>
        <source>{n} min</source>
        <translation>{n} min</translation>
    </message>
    <message>
        <source>{n} waiting to send</source>
        <translation>{n} esperando envío</translation>
    </message>
    <message>
        <source>○ Offline — visits are kept on this device</source>
        <translation>○ Sin conexión — las visitas se guardan en este equipo</translation>
    </message>
    <message>
        <source>◌ Network unknown</source>
        <translation>◌ Red desconocida</translation>
    </message>
    <message>
        <source>● Online</source>
        <translation>● En línea</translation>
    </message>
    <message>
        <source>⚠ {message}</source>
        <translation>⚠ {message}</translation>
    </message>
    <message>
        <source>✓ All visits sent</source>
        <translation>✓ Todas las visitas enviadas</translation>
    </message>
</context>
<context>
    <name>VisitDetailDialog</name>
    <message>
        <source> — voided</source>
        <translation> — anulada</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Respuesta</translation>
    </message>
    <message>
        <source>Answers</source>
        <translation>Respuestas</translation>
    </message>
    <message>
        <source>Answers ({survey})</source>
        <translation>Respuestas ({survey})</translation>
    </message>
    <message>
        <source>Canvasser / outcome:</source>
        <translation>Voluntario / resultado:</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>Contact:</source>
        <translation>Contacto:</translation>
    </message>
    <message>
        <source>Could not do that</source>
        <translation>No se pudo hacer</translation>
    </message>
    <message>
        <source>Distance to door:</source>
        <translation>Distancia a la puerta:</translation>
    </message>
    <message>
        <source>Do Not Knock:</source>
        <translation>No tocar:</translation>
    </message>
    <message>
        <source>Edit data…</source>
        <translation>Editar datos…</translation>
    </message>
    <message>
        <source>Etag</source>
        <translation>Etag</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Evento</translation>
    </message>
    <message>
        <source>Export as JSON…</source>
        <translation>Exportar como JSON…</translation>
    </message>
    <message>
        <source>Export visit</source>
        <translation>Exportar visita</translation>
    </message>
    <message>
        <source>Ids:</source>
        <translation>Identificadores:</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Knocked / sent:</source>
        <translation>Visitada / enviada:</translation>
    </message>
    <message>
        <source>Last problem:</source>
        <translation>Último problema:</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Método</translation>
    </message>
    <message>
        <source>New person:</source>
        <translation>Persona nueva:</translation>
    </message>
    <message>
        <source>Not on the server yet: they are sent first, then this visit names them.</source>
        <translation>Aún no está en el servidor: primero se envía la persona y después esta visita, que la nombra.</translation>
    </message>
    <message>
        <source>On the server: contact {contact}, link {link}.</source>
        <translation>En el servidor: contacto {contact}, vínculo {link}.</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>Pregunta</translation>
    </message>
    <message>
        <source>Raw data</source>
        <translation>Datos en bruto</translation>
    </message>
    <message>
        <source>Raw interaction data</source>
        <translation>Datos en bruto de la interacción</translation>
    </message>
    <message>
        <source>Send again (requeue)</source>
        <translation>Enviar de nuevo (volver a la cola)</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Survey answers</source>
        <translation>Respuestas de la encuesta</translation>
    </message>
    <message>
        <source>Sync log</source>
        <translation>Registro de envío</translation>
    </message>
    <message>
        <source>Sync state:</source>
        <translation>Estado de envío:</translation>
    </message>
    <message>
        <source>The data is not valid JSON (line {line}, column {column}).</source>
        <translation>Los datos no son JSON válido (línea {line}, columna {column}).</translation>
    </message>
    <message>
        <source>The data must be a JSON object.</source>
        <translation>Los datos deben ser un objeto JSON.</translation>
    </message>
    <message>
        <source>The server did not accept them ({reason}). Correct them at the door (F2), then send this visit again: they go first.</source>
        <translation>El servidor no aceptó a esta persona ({reason}). Corríjala en la puerta (F2) y vuelva a enviar esta visita: la persona se envía primero.</translation>
    </message>
    <message>
        <source>The visit stays in the ledger, marked voided; if it reached the server a delete is queued. Void it?</source>
        <translation>La visita queda en el registro, marcada como anulada; si llegó al servidor, se pone en cola un borrado. ¿Anularla?</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Visit detail</source>
        <translation>Detalle de la visita</translation>
    </message>
    <message>
        <source>Visit — {contact}, {address}</source>
        <translation>Visita — {contact}, {address}</translation>
    </message>
    <message>
        <source>Void this visit?</source>
        <translation>¿Anular esta visita?</translation>
    </message>
    <message>
        <source>Void visit</source>
        <translation>Anular visita</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Qué pasó</translation>
    </message>
    <message>
        <source>local {local} · server {server} · etag {etag}</source>
        <translation>local {local} · servidor {server} · etag {etag}</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguno</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>ninguno todavía</translation>
    </message>
    <message>
        <source>not sent yet</source>
        <translation>aún no enviada</translation>
    </message>
    <message>
        <source>person: {event}</source>
        <translation>persona: {event}</translation>
    </message>
    <message>
        <source>survey not in the offline copy</source>
        <translation>la encuesta no está en la copia sin conexión</translation>
    </message>
    <message>
        <source>unknown contact</source>
        <translation>contacto desconocido</translation>
    </message>
    <message>
        <source>{name}, added at the door on this laptop by {canvasser}, {time}.</source>
        <translation>{name}, persona añadida en la puerta en este portátil por {canvasser}, {time}.</translation>
    </message>
    <message>
        <source>⚠ Recorded at a door marked Do Not Knock: the canvasser confirmed it on purpose.</source>
        <translation>⚠ Registrada en una puerta marcada No tocar: el voluntario lo confirmó a propósito.</translation>
    </message>
</context>
<context>
    <name>Visits</name>
    <message>
        <source>There is no visit with local id {local_id} on this device.</source>
        <translation>En este equipo no hay ninguna visita con el identificador local {local_id}.</translation>
    </message>
    <message>
        <source>This visit was voided and cannot be edited.</source>
        <translation>Esta visita se anuló y no se puede editar.</translation>
    </message>
</context>
<context>
    <name>WalkMapView</name>
    <message>
        <source>Map</source>
        <translation>Mapa</translation>
    </message>
    <message>
        <source>Map: {name}.</source>
        <translation>Mapa: {name}.</translation>
    </message>
    <message>
        <source>No map file for this walklist: the streets are drawn from its doors.</source>
        <translation>No hay archivo de mapa para esta lista: las calles se dibujan a partir de sus puertas.</translation>
    </message>
    <message>
        <source>Preparing the map…</source>
        <translation>Preparando el mapa…</translation>
    </message>
    <message>
        <source>Show every door of the walklist (Ctrl+0)</source>
        <translation>Mostrar todas las puertas de la lista (Ctrl+0)</translation>
    </message>
    <message>
        <source>Show the whole walklist on the map</source>
        <translation>Mostrar toda la lista de recorrido en el mapa</translation>
    </message>
    <message>
        <source>The map could not be drawn.</source>
        <translation>No se pudo dibujar el mapa.</translation>
    </message>
    <message>
        <source>What the map shows</source>
        <translation>Qué muestra el mapa</translation>
    </message>
    <message>
        <source>Whole walklist</source>
        <translation>Toda la lista</translation>
    </message>
    <message>
        <source>Zoom in (Ctrl++)</source>
        <translation>Acercar (Ctrl++)</translation>
    </message>
    <message>
        <source>Zoom out (Ctrl+-)</source>
        <translation>Alejar (Ctrl+-)</translation>
    </message>
    <message>
        <source>Zoom the map in</source>
        <translation>Acercar el mapa</translation>
    </message>
    <message>
        <source>Zoom the map out</source>
        <translation>Alejar el mapa</translation>
    </message>
    <message>
        <source>{n} doors have no map position; they are in the list only.</source>
        <translation>{n} puertas no tienen posición en el mapa; solo están en la lista.</translation>
    </message>
</context>
<context>
    <name>WalklistModel</name>
    <message>
        <source> · not sent</source>
        <translation> · sin enviar</translation>
    </message>
    <message>
        <source>(no address)</source>
        <translation>(sin dirección)</translation>
    </message>
    <message>
        <source>(no street)</source>
        <translation>(sin calle)</translation>
    </message>
    <message>
        <source>(no unit)</source>
        <translation>(sin unidad)</translation>
    </message>
    <message>
        <source>Added at the door on this laptop</source>
        <translation>Añadida en la puerta en este portátil</translation>
    </message>
    <message>
        <source>Door / person</source>
        <translation>Puerta / persona</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>Unit {unit}</source>
        <translation>Unidad {unit}</translation>
    </message>
    <message>
        <source>even side</source>
        <translation>lado par</translation>
    </message>
    <message>
        <source>odd side</source>
        <translation>lado impar</translation>
    </message>
    <message>
        <source>{done} of 1 door done</source>
        <translation>{done} de 1 puerta hecha</translation>
    </message>
    <message>
        <source>{done} of {doors} doors done</source>
        <translation>{done} de {doors} puertas hechas</translation>
    </message>
    <message>
        <source>{name} (new)</source>
        <translation>{name} (persona nueva)</translation>
    </message>
    <message>
        <source>{name}, added at the door on this laptop</source>
        <translation>{name}, persona añadida en la puerta en este portátil</translation>
    </message>
</context>
<context>
    <name>WalklistView</name>
    <message>
        <source> — showing {n}</source>
        <translation> — se muestran {n}</translation>
    </message>
    <message>
        <source>All doors</source>
        <translation>Todas las puertas</translation>
    </message>
    <message>
        <source>Come back</source>
        <translation>Volver más tarde</translation>
    </message>
    <message>
        <source>Ctrl+D</source>
        <translation>Ctrl+D</translation>
    </message>
    <message>
        <source>Ctrl+N</source>
        <translation>Ctrl+N</translation>
    </message>
    <message>
        <source>Doors and people</source>
        <translation>Puertas y personas</translation>
    </message>
    <message>
        <source>Doors done and remaining</source>
        <translation>Puertas hechas y pendientes</translation>
    </message>
    <message>
        <source>Download progress</source>
        <translation>Progreso de la descarga</translation>
    </message>
    <message>
        <source>Download the walklist for offline use</source>
        <translation>Descargar la lista para usarla sin conexión</translation>
    </message>
    <message>
        <source>Download walklist</source>
        <translation>Descargar lista de recorrido</translation>
    </message>
    <message>
        <source>Downloading… %p%</source>
        <translation>Descargando… %p%</translation>
    </message>
    <message>
        <source>Go to the nearest door not visited</source>
        <translation>Ir a la puerta sin visitar más cercana</translation>
    </message>
    <message>
        <source>Nearest next door</source>
        <translation>Puerta más cercana</translation>
    </message>
    <message>
        <source>No walklist on this laptop yet.</source>
        <translation>Todavía no hay lista de recorrido en este portátil.</translation>
    </message>
    <message>
        <source>Not visited</source>
        <translation>Sin visitar</translation>
    </message>
    <message>
        <source>Search name or address</source>
        <translation>Buscar nombre o dirección</translation>
    </message>
    <message>
        <source>Search name or address (Ctrl+F)</source>
        <translation>Buscar nombre o dirección (Ctrl+F)</translation>
    </message>
    <message>
        <source>Show doors</source>
        <translation>Mostrar puertas</translation>
    </message>
    <message>
        <source>Stop the map download</source>
        <translation>Detener la descarga del mapa</translation>
    </message>
    <message>
        <source>Walklist</source>
        <translation>Lista de recorrido</translation>
    </message>
    <message>
        <source>Walklist name</source>
        <translation>Nombre de la lista</translation>
    </message>
    <message>
        <source>{done} done, {remaining} to go, of {doors} doors</source>
        <translation>{done} hechas, {remaining} pendientes, de {doors} puertas</translation>
    </message>
</context>
</TS>
